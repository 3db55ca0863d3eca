"""What an errand gets to work with for one message of one linked person.

Handlers receive this instead of globals so a test can build one around a real
sandbox Hub and a real store, and so nothing in `bot/handlers/` imports a channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from bot.clock import STOCKHOLM, Clock
from bot.conversation.prompts import Prompt
from bot.conversation.types import Reply
from bot.hub.errors import HubUnavailable, RateLimited
from bot.i18n import Translator
from bot.storage.models import ChatLink, MemberKey, Role

if TYPE_CHECKING:
    from bot.hub.interface import HubClient
    from bot.hub.models import Child
    from bot.municipality import MunicipalityProfile
    from bot.nlu import ParseResult
    from bot.services import Services

Outcome = list[Reply | Prompt]

KNOWN_CHILDREN_KEY = "known_children"
KNOWN_CHILDREN_TTL = timedelta(days=30)


@dataclass
class ErrandContext:
    services: Services
    link: ChatLink
    hub: HubClient
    t: Translator
    is_group: bool
    now: datetime
    # Flags for the support console: "not_understood", "secure_refusal", "errand_failed", …
    flags: set[str] = field(default_factory=set)
    # What the engine logs for this message once the errand has run.
    logged_text: str = ""
    command: ParseResult | None = None
    _children: list[Child] | None = None

    @property
    def text(self) -> str:
        """The message as typed (trimmed), for errands that look past the parsed slots."""
        return self.logged_text

    @property
    def member(self) -> MemberKey:
        return self.link.member

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def today(self) -> date:
        return self.now.astimezone(STOCKHOLM).date()

    @property
    def is_student(self) -> bool:
        return self.link.role == Role.STUDENT

    @property
    def profile(self) -> MunicipalityProfile:
        return self.services.profile

    @property
    def lang(self) -> str:
        return self.t.lang

    def _(self, msgid: str, **kwargs: Any) -> str:
        return self.t.gettext(msgid, **kwargs)

    async def children(self) -> list[Child]:
        """The children this chat handles, read from the Hub once per message.

        When the Hub cannot be reached the last known list stands in, so an absence
        typed during an outage is still understood and queued, not refused.
        """
        if self._children is None:
            every = await self._children_or_last_known()
            chosen = self.link.preferences.children
            self._children = [c for c in every if chosen is None or c.switch_id in chosen] or every
        return self._children

    async def _children_or_last_known(self) -> list[Child]:
        from bot.hub.models import Child

        store = self.services.store
        try:
            every = await self.hub.children()
        except (HubUnavailable, RateLimited):
            known = await store.get_pending(self.member, KNOWN_CHILDREN_KEY)
            if known is None:
                raise
            return [Child.model_validate(c) for c in known.value.get("children", [])]
        # First names, ids and modules only: as little as the outage fallback needs.
        slim = [{"id": c.switch_id, "name": c.first_name, "apps": sorted(c.apps)} for c in every]
        if self.services.known_children.get(self.link.hub_account_id) != slim:
            await store.put_pending(
                self.member,
                KNOWN_CHILDREN_KEY,
                {"children": slim},
                expires_at=self.now + KNOWN_CHILDREN_TTL,
            )
            self.services.known_children[self.link.hub_account_id] = slim
        return every

    async def children_named(self, names: Sequence[str]) -> list[Child]:
        wanted = {n.casefold() for n in names}
        return [c for c in await self.children() if c.first_name.casefold() in wanted]


class Errand(Protocol):
    """An errand answers the intents it owns and the questions it asked."""

    name: str
    intents: frozenset[str]

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome: ...

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome: ...


@runtime_checkable
class TextTaker(Protocol):
    """An errand that may be waiting for free text from this member.

    Return None when not waiting (the text then goes to the parser as usual). Keep
    the waiting state in the store (`put_pending` under the errand's own key) so it
    survives a restart and expires; "avbryt"/"cancel" should end the wait.
    """

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None: ...
