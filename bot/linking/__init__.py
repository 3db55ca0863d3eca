"""Account linking: a chat speaks for one Hub account only after a Hub login."""

from bot.linking.codes import CodeForm, IssuedCode, code_in_text, normalize
from bot.linking.service import (
    CALLBACK_PATH,
    LINKED,
    MANAGE_PATH,
    PAUSED,
    PURPOSE_GROUP,
    PURPOSE_LINK,
    PURPOSE_MANAGE,
    ChannelLinks,
    CodeHandout,
    HubLinker,
    LinkResult,
    LinkService,
    ManagedLinks,
    Redeemed,
    may_redeem,
)

__all__ = [
    "CALLBACK_PATH",
    "LINKED",
    "MANAGE_PATH",
    "PAUSED",
    "PURPOSE_GROUP",
    "PURPOSE_LINK",
    "PURPOSE_MANAGE",
    "ChannelLinks",
    "CodeForm",
    "CodeHandout",
    "HubLinker",
    "IssuedCode",
    "LinkResult",
    "LinkService",
    "ManagedLinks",
    "Redeemed",
    "code_in_text",
    "may_redeem",
    "normalize",
]
