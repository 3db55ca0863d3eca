"""The errand contract: what the engine asks of an errand, and what it hands one.

An errand declares itself (its name, the intents it serves, whether it is
private-only, its help lines) and answers two calls: `handle` for a command the
parser read, `choose` for an option of a question it asked. It works through
an `ErrandContext`: one linked person's message, with the few ports an errand
may use (store, clock, Hub, parse, notify, another errand by name), never the
engine or the whole set of services.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from bot.clock import STOCKHOLM, Clock
from bot.conversation.prompts import Prompt
from bot.conversation.types import Reply
from bot.hub.errors import HubUnavailable, RateLimited
from bot.i18n import Translator
from bot.storage.models import ChatLink, MemberKey, Role

if TYPE_CHECKING:
    from bot.conversation.deps import Deps, HubAccess
    from bot.conversation.shared import Shared
    from bot.hub.interface import HubClient
    from bot.hub.models import Child
    from bot.municipality import MunicipalityProfile
    from bot.nlu import ParseResult
    from bot.storage.base import Store

Outcome = list[Reply | Prompt]

# An errand that erased the member's data (forget_me) raises this flag: nothing more is logged.
ERASED = "erased"

KNOWN_CHILDREN_KEY = "known_children"
KNOWN_CHILDREN_TTL = timedelta(days=30)


class Fits(StrEnum):
    """Which of the family's children a help line's example names."""

    ANY = "any"
    TIMED = "timed"  # a child with a time schedule (preschool, fritids)
    SCHOOL = "school"  # a school child


@dataclass(frozen=True, slots=True)
class HelpLine:
    """One example in the help text, in the order help shows them.

    `text` is a msgid that may name a child as `{name}`; `fallback` is shown when
    the family has no child the line fits (None: the line is left out then).
    """

    order: int
    intent: str
    text: str
    fits: Fits = Fits.ANY
    fallback: str | None = None
    for_students: bool = True


class Errand(Protocol):
    """An errand answers the intents it owns and the questions it asked."""

    name: str
    intents: frozenset[str]
    # Acts on one person's account or shows what only they may see: never before a group.
    private_only: bool
    help: tuple[HelpLine, ...]

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome: ...

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome: ...


@runtime_checkable
class TextTaker(Protocol):
    """An errand that may be waiting for free text from this member.

    Return None when not waiting (the text then goes to the errand of its
    intent as usual). Keep the waiting state in the store (`put_pending` under the
    errand's own key) so it survives a restart and expires; "avbryt"/"cancel"
    should end the wait.
    """

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None: ...


class Errands:
    """The registered errands, by name and by intent.

    Two errands claiming one intent stop the start instead of shadowing each other.
    """

    def __init__(self, errands: Iterable[Errand]) -> None:
        self._all = list(errands)
        self._by_name: dict[str, Errand] = {}
        self._by_intent: dict[str, Errand] = {}
        for errand in self._all:
            if errand.name in self._by_name:
                raise RuntimeError(f"two errands named {errand.name!r}")
            self._by_name[errand.name] = errand
            for intent in errand.intents:
                if intent in self._by_intent:
                    owner = self._by_intent[intent].name
                    raise RuntimeError(f"intent {intent!r} claimed by {owner} and {errand.name}")
                self._by_intent[intent] = errand
        self.text_takers: tuple[TextTaker, ...] = tuple(
            e for e in self._all if isinstance(e, TextTaker)
        )
        self.help_lines: tuple[HelpLine, ...] = tuple(
            sorted((line for e in self._all for line in e.help), key=lambda line: line.order)
        )

    def __iter__(self) -> Any:
        return iter(self._all)

    def named(self, name: str) -> Errand | None:
        return self._by_name.get(name)

    def for_intent(self, intent: str) -> Errand | None:
        return self._by_intent.get(intent)

    def is_private_only(self, intent: str) -> bool:
        errand = self._by_intent.get(intent)
        return errand is not None and errand.private_only


@dataclass
class ErrandContext:
    """One linked person's message, as an errand sees it."""

    _deps: Deps = field(repr=False)
    link: ChatLink
    hub: HubClient
    t: Translator
    is_group: bool
    now: datetime
    # The message as typed (trimmed); "" for a button press or work without a message.
    text: str = ""
    # Flags for the support console: "not_understood", "secure_refusal", "errand_failed", …
    flags: set[str] = field(default_factory=set)
    # What the engine logs for this message once the errand has run (an errand may hide it).
    logged_text: str = ""
    # The guardian's words the log must not show, wherever a reply quotes them.
    hidden_quotes: list[str] = field(default_factory=list)
    command: ParseResult | None = None
    _children: list[Child] | None = field(default=None, repr=False)
    _parsed: dict[str, ParseResult] = field(default_factory=dict, repr=False)

    # -- the person and the moment --------------------------------------------------------------

    @property
    def member(self) -> MemberKey:
        return self.link.member

    @property
    def today(self) -> date:
        return self.now.astimezone(STOCKHOLM).date()

    @property
    def is_student(self) -> bool:
        return self.link.role == Role.STUDENT

    @property
    def lang(self) -> str:
        return self.t.lang

    def _(self, msgid: str, **kwargs: Any) -> str:
        return self.t.gettext(msgid, **kwargs)

    def hide_in_log(self, *texts: str) -> None:
        """Keep these words out of the transcript, also where a reply quotes them."""
        self.hidden_quotes.extend(t for t in texts if t)

    # -- the ports an errand may use ------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._deps.store

    @property
    def clock(self) -> Clock:
        return self._deps.clock

    @property
    def profile(self) -> MunicipalityProfile:
        return self._deps.profile

    @property
    def hubs(self) -> HubAccess:
        """Every linked account's client (a group chat's summary reads each member's)."""
        return self._deps.hubs

    @property
    def shared(self) -> Shared:
        return self._deps.shared

    def errand(self, name: str) -> Errand | None:
        """Another errand by name (undo hands a write back to the errand that made it)."""
        return self._deps.errands.named(name)

    def errand_for(self, intent: str) -> Errand | None:
        return self._deps.errands.for_intent(intent)

    @property
    def help_lines(self) -> Sequence[HelpLine]:
        return self._deps.errands.help_lines

    async def notify(self, member: MemberKey, text: str, *, key: str | None = None) -> None:
        """Say something outside this reply, durably, through the outbox."""
        await self._deps.notify(member, text, key=key)

    async def unlink(self, link: ChatLink) -> None:
        """Revoke a link's Hub login and forget the link."""
        await self._deps.links.unlink(link)

    async def parse(self, text: str) -> ParseResult:
        """Read a text as a command, with this family's children; each text is read once."""
        parsed = self._parsed.get(text)
        if parsed is None:
            names = [c.first_name for c in await self.children()]
            parsed = self._parsed[text] = self._deps.parse(text, self.now, names)
        return parsed

    # -- the family -----------------------------------------------------------------------------

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

    def forget_children(self) -> None:
        """The chat's choice of children changed: read them again."""
        self._children = None

    async def children_named(self, names: Sequence[str]) -> list[Child]:
        wanted = {n.casefold() for n in names}
        return [c for c in await self.children() if c.first_name.casefold() in wanted]

    async def _children_or_last_known(self) -> list[Child]:
        from bot.hub.models import Child

        store = self.store
        try:
            every = await self.hub.children()
        except (HubUnavailable, RateLimited):
            known = await store.get_pending(self.member, KNOWN_CHILDREN_KEY)
            if known is None:
                raise
            return [Child.model_validate(c) for c in known.value.get("children", [])]
        # First names, ids and modules only: as little as the outage fallback needs.
        slim = [{"id": c.switch_id, "name": c.first_name, "apps": sorted(c.apps)} for c in every]
        known_children = self._deps.shared.known_children
        if known_children.get(self.link.hub_account_id) != slim:
            await store.put_pending(
                self.member,
                KNOWN_CHILDREN_KEY,
                {"children": slim},
                expires_at=self.now + KNOWN_CHILDREN_TTL,
            )
            known_children[self.link.hub_account_id] = slim
        return every


async def context_for(
    deps: Deps, link: ChatLink, *, is_group: bool, now: datetime, text: str = ""
) -> ErrandContext:
    """A context for one message of a linked member, or for later work done for them."""
    from bot.i18n import translator

    return ErrandContext(
        deps,
        link=link,
        hub=await deps.hubs.hub_for(link),
        t=translator(link.language),
        is_group=is_group,
        now=now,
        text=text,
        logged_text=text,
    )


async def context_for_member(deps: Deps, member: MemberKey) -> ErrandContext | None:
    """A context for work that runs without a message (queued errands, filings)."""
    link = await deps.store.get_link(member)
    if link is None or not link.active:
        return None
    return await context_for(deps, link, is_group=not member.is_private, now=deps.clock.now())
