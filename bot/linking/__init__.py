"""Account linking: a chat speaks for one Hub account only after a Hub login."""

from bot.linking.service import (
    CALLBACK_PATH,
    MANAGE_PATH,
    PAUSED,
    PURPOSE_GROUP,
    PURPOSE_LINK,
    PURPOSE_MANAGE,
    PURPOSE_RETURN,
    ChannelLinks,
    HubLinker,
    LinkResult,
    LinkService,
    ManagedLinks,
    Redeemed,
    may_redeem,
)

__all__ = [
    "CALLBACK_PATH",
    "MANAGE_PATH",
    "PAUSED",
    "PURPOSE_GROUP",
    "PURPOSE_LINK",
    "PURPOSE_MANAGE",
    "PURPOSE_RETURN",
    "ChannelLinks",
    "HubLinker",
    "LinkResult",
    "LinkService",
    "ManagedLinks",
    "Redeemed",
    "may_redeem",
]
