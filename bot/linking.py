"""Account linking: a chat speaks for one Hub account only after a Hub login.

Nothing identifying is ever typed into the chat. The chat gets a link to the
bot's own page; the page sends the browser to the Hub's OAuth authorize request
(BankID or password login happens on the Hub); the Hub's callback hands the bot
a code, which becomes a refresh token bound to the chat member who asked. The
`state` in between is single-use, bound to that member and short-lived.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from yarl import URL

from bot.clock import Clock
from bot.conversation.types import Choice, Incoming, Reply
from bot.hub.errors import HubError
from bot.hub.models import Account, TokenSet
from bot.i18n import translator
from bot.storage.base import Store
from bot.storage.models import (
    ChatLink,
    Language,
    LinkState,
    MemberKey,
    Role,
    StateRejected,
    StateRejection,
)

log = logging.getLogger(__name__)

FAILURE_WINDOW = timedelta(hours=1)
MAX_FAILURES = 5
CALLBACK_PATH = "/link/callback"


class HubLinker(Protocol):
    """The three Hub calls linking needs, so tests and other Hubs can stand in."""

    def authorize_url(self, redirect_uri: str, state: str) -> URL: ...

    async def exchange_code(self, code: str, redirect_uri: str) -> TokenSet: ...

    async def account_for(self, access_token: str) -> Account: ...

    async def revoke(self, refresh_token: str) -> None: ...


# Tell a chat something outside of a reply (e.g. "linked", or "also linked elsewhere").
Notify = Callable[[MemberKey, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class LinkResult:
    ok: bool
    link: ChatLink | None = None
    reason: str = ""


class LinkService:
    def __init__(
        self,
        store: Store,
        hub: HubLinker,
        clock: Clock,
        web_base_url: Callable[[], str],
        notify: Notify | None = None,
    ) -> None:
        self.store = store
        self.hub = hub
        self.clock = clock
        self._web_base_url = web_base_url
        self.notify = notify

    @property
    def redirect_uri(self) -> str:
        return self._web_base_url().rstrip("/") + CALLBACK_PATH

    async def start(self, member: MemberKey, language: str = "sv") -> str:
        """A fresh link-page URL for this member."""
        state = await self.store.create_link_state(member, context={"language": language})
        return f"{self._web_base_url().rstrip('/')}/link/{state}"

    async def paused(self, member: MemberKey) -> bool:
        """Five failed attempts from one chat within an hour pause linking there."""
        failures = await self.store.count_recent_link_failures(member.chat, FAILURE_WINDOW)
        return failures >= MAX_FAILURES

    async def welcome(self, member: MemberKey, msg: Incoming) -> list[Reply]:
        language = "en" if (msg.language_hint or "").startswith("en") else "sv"
        t = translator(language)
        if await self.paused(member):
            return [
                Reply(
                    t.gettext(
                        "Too many failed link attempts from this chat. Please wait an hour "
                        "and try again."
                    )
                )
            ]
        url = await self.start(member, language)
        text = t.gettext(
            "Hi! I am Hubbot. I help you with InfoMentor Hub errands: absence, schedules, "
            "news and more. First link your Hub account: log in on the Hub with BankID or "
            "your password. Never write your personal identity number or password here."
        )
        return [Reply(text, choices=[Choice(t.gettext("Link my Hub account"), url=url)])]

    async def check(self, state: str) -> LinkState | StateRejected:
        return await self.store.peek_link_state(state)

    def authorize_url(self, state: str) -> str:
        return str(self.hub.authorize_url(self.redirect_uri, state))

    async def complete(self, state: str, code: str | None) -> LinkResult:
        """The Hub's callback: use the state once, trade the code, link the member."""
        taken = await self.store.consume_link_state(state)
        if isinstance(taken, StateRejected):
            return LinkResult(False, reason=taken.reason.value)
        member = taken.member
        if not code:
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="no_code")
        try:
            tokens = await self.hub.exchange_code(code, self.redirect_uri)
            account = await self.hub.account_for(tokens.access_token)
        except HubError as exc:
            log.info("link failed: %s", type(exc).__name__)
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="hub_refused")
        if account.user_type not in ("Guardian", "Pupil"):
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="not_guardian")
        language = Language(str(taken.context.get("language", "sv")))
        previous = await self.store.list_links_for_account(str(account.user_id))
        link = await self.store.upsert_link(
            member,
            hub_account_id=str(account.user_id),
            role=Role.GUARDIAN if account.user_type == "Guardian" else Role.STUDENT,
            language=language,
            hub_login_hint=account.first_name,
        )
        await self.store.store_refresh_token(link.id, tokens.refresh_token)
        await self.store.clear_link_failures(member.chat)
        if self.notify is not None:
            t = translator(language)
            await self.notify(
                member,
                t.gettext(
                    "Linked! You are logged in as {name}. Write 'hjälp' to see what I can do.",
                    name=account.first_name,
                ),
            )
            for other in previous:
                if other.member != member:
                    t_other = translator(other.language)
                    await self.notify(
                        other.member,
                        t_other.gettext(
                            "Your Hub account was just linked to another chat as well. "
                            "If that was not you, write 'logga ut' and contact support."
                        ),
                    )
        return LinkResult(True, link=link)

    async def reject_reason_text(self, reason: str, language: str = "sv") -> str:
        t = translator(language)
        texts = {
            StateRejection.EXPIRED.value: t.gettext(
                "The link has expired. Ask the bot for a new one in the chat."
            ),
            StateRejection.USED.value: t.gettext(
                "The link has already been used. Ask the bot for a new one in the chat."
            ),
        }
        return texts.get(
            reason, t.gettext("The link is not valid. Ask the bot for a new one in the chat.")
        )

    async def unlink(self, link: ChatLink) -> None:
        """Logout: revoke the refresh token on the Hub, then forget the link."""
        stored = await self.store.get_refresh_token(link.id)
        if stored is not None:
            try:
                await self.hub.revoke(stored.token)
            except HubError as exc:
                # The link goes anyway; the token is useless without our copy of it.
                log.info("revoke failed: %s", type(exc).__name__)
        await self.store.delete_link(link.id)
