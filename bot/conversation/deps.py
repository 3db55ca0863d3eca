"""The ports the bot's parts work through, built once on top (`bot/app/wiring.py`).

Nothing here is a concrete service: each field is a small protocol or a value,
so the engine, the errands' later work, the push side and the console depend
on what they use and never on the module that builds it. That is what keeps
the packages free of import cycles: `bot/app/` imports everything, and nothing
imports `bot/app/`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.conversation.shared import Shared
from bot.conversation.types import Incoming, Reply

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.conversation.errand import Errands
    from bot.hub.interface import HubClient
    from bot.municipality import MunicipalityProfile
    from bot.nlu import ParseResult
    from bot.settings import Settings
    from bot.storage.base import Store
    from bot.storage.models import ChatLink, MemberKey

ParseFn = Callable[[str, datetime, Sequence[str]], "ParseResult"]


class HubAccess(Protocol):
    """One Hub client per linked account, and what is said about the Hub as a whole."""

    async def hub_for(self, link: ChatLink) -> HubClient:
        """The account's client; each token rotation is saved to this link at once."""
        ...

    async def forget(self, hub_account_id: str) -> None:
        """Drop the account's client and web session (after logout or erasure)."""
        ...

    async def release(self, hub_account_id: str) -> None:
        """Close the account's web session but keep its client; the next call logs in."""
        ...

    def bankid_box_url(self, box_path: str) -> str | None:
        """The stand-in Hub's own BankID page for a secure box; None on the real Hub."""
        ...


class Notifier(Protocol):
    """Say something to a chat outside a reply, durably, through the outbox."""

    async def __call__(self, member: MemberKey, text: str, *, key: str | None = None) -> None: ...


class AccountLinks(Protocol):
    """What the conversation needs of account linking."""

    async def welcome(self, member: MemberKey, msg: Incoming) -> list[Reply]:
        """The answer to an unlinked chat: how to link."""
        ...

    async def unlink(self, link: ChatLink) -> None:
        """Revoke the link's Hub login and forget the link."""
        ...

    async def private_chat_url(self, member: MemberKey) -> str | None:
        """A link that opens a private chat with the bot on the member's channel, if any."""
        ...


@dataclass(frozen=True, slots=True)
class Deps:
    """Everything long-lived, as ports. Errands see a narrow slice of it (`ErrandContext`)."""

    settings: Settings
    clock: Clock
    store: Store
    hubs: HubAccess
    parse: ParseFn
    notify: Notifier
    links: AccountLinks
    profile: MunicipalityProfile
    errands: Errands
    shared: Shared
