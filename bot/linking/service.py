"""Account linking: a chat speaks for one Hub account only after a Hub login.

Nothing identifying is ever typed into the chat. The chat gets a link to the
bot's own page; the page sends the browser to the Hub's OAuth authorize request
(BankID or password login happens on the Hub); the Hub's callback hands the bot
a code, which becomes a refresh token bound to the chat member who asked. The
`state` in between is single-use, bound to that member and short-lived.

A channel may add two ways around that flow (`ChannelLinks`): a link back into
the chat once linked (Telegram: `t.me/<bot>?start=CODE`, whose `/start CODE` the
chat then redeems), and for group members a way into a private chat first, so a
link page is never shown in front of the group. The same single-use states carry
those codes, under their own purposes, and a short-lived "manage" state opens the
page that lists the account's linked chats and unlinks them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from yarl import URL

from bot.clock import Clock
from bot.conversation.types import Choice, Incoming, Reply
from bot.hub.errors import HubError
from bot.hub.models import Account, TokenSet
from bot.i18n import normalise_language, translator
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
MANAGE_PATH = "/link/manage"

# What a state is for; a state of one purpose is refused as any other.
PURPOSE_LINK = "link"
PURPOSE_RETURN = "return"
PURPOSE_GROUP = "group"
PURPOSE_MANAGE = "manage"
# Codes a chat may redeem with `/start CODE`.
REDEEMABLE = (PURPOSE_RETURN, PURPOSE_GROUP)
PAUSED = "paused"


class HubLinker(Protocol):
    """The three Hub calls linking needs, so tests and other Hubs can stand in."""

    def authorize_url(self, redirect_uri: str, state: str) -> URL: ...

    async def exchange_code(self, code: str, redirect_uri: str) -> TokenSet: ...

    async def account_for(self, access_token: str) -> Account: ...

    async def revoke(self, refresh_token: str) -> None: ...


# Tell a chat something outside of a reply (e.g. "linked", or "also linked elsewhere").
Notify = Callable[[MemberKey, str], Awaitable[None]]


class ChannelLinks(Protocol):
    """What a channel adds to linking: a way back into the chat, and a way in for groups."""

    async def return_url(self, member: MemberKey, language: str) -> str | None:
        """Where the "linked" page sends the person back to (None: no such link)."""
        ...

    async def private_invite_url(self, member: MemberKey, language: str) -> str | None:
        """For a group member: a link that opens a private chat to link in."""
        ...

    def private_chat_url(self) -> str | None:
        """A link that opens a private chat with the bot (no code in it)."""
        ...


@dataclass(frozen=True, slots=True)
class LinkResult:
    ok: bool
    link: ChatLink | None = None
    reason: str = ""
    language: str = "sv"


@dataclass(frozen=True, slots=True)
class Redeemed:
    """A `/start CODE` the chat sent: what the code was for, and whose it was."""

    ok: bool
    purpose: str = ""
    # The member the code was made for (for a group code: the person in the group).
    member: MemberKey | None = None
    reason: str = ""
    language: str = "sv"


@dataclass(frozen=True, slots=True)
class ManagedLinks:
    """What the manage page shows: every chat linked to the account that asked."""

    asked_by: MemberKey
    hub_account_id: str
    language: str
    links: list[ChatLink] = field(default_factory=list)


def may_redeem(owner: MemberKey, sender: MemberKey) -> bool:
    """A code works in the chat it was made for, or a group member's in their private chat."""
    if owner == sender:
        return True
    return (
        owner.channel == sender.channel
        and not owner.is_private
        and sender.is_private
        and owner.member_id == sender.member_id
    )


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
        self._channels: dict[str, ChannelLinks] = {}

    def register_channel(self, channel: str, links: ChannelLinks) -> None:
        self._channels[channel] = links

    @property
    def base_url(self) -> str:
        return self._web_base_url().rstrip("/")

    @property
    def redirect_uri(self) -> str:
        return self._web_base_url().rstrip("/") + CALLBACK_PATH

    async def start(self, member: MemberKey, language: str = "sv") -> str:
        """A fresh link-page URL for this member."""
        state = await self.store.create_link_state(member, context={"language": language})
        return f"{self.base_url}/link/{state}"

    async def create_code(self, member: MemberKey, purpose: str, language: str = "sv") -> str:
        """A single-use code for `purpose`, bound to this member, valid ten minutes."""
        return await self.store.create_link_state(
            member, purpose=purpose, context={"language": language}
        )

    async def paused(self, member: MemberKey) -> bool:
        """Five failed attempts from one chat within an hour pause linking there."""
        failures = await self.store.count_recent_link_failures(member.chat, FAILURE_WINDOW)
        return failures >= MAX_FAILURES

    async def welcome(self, member: MemberKey, msg: Incoming) -> list[Reply]:
        language = normalise_language(msg.language_hint)
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
        channel = self._channels.get(member.channel)
        if not member.is_private and channel is not None:
            # A link page in front of the group would let anyone there finish it.
            invite = await channel.private_invite_url(member, language)
            if invite is not None:
                return [
                    Reply(
                        t.gettext(
                            "Hi! I am Hubbot. Everyone here links their own Hub account before "
                            "I answer them. Write to me privately to link yours; no data is "
                            "shown in the group until you have."
                        ),
                        choices=[Choice(t.gettext("Write to me privately"), url=invite)],
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
        """The state a link page opens with, checked without using it."""
        return await self.store.peek_link_state(state)

    def authorize_url(self, state: str) -> str:
        return str(self.hub.authorize_url(self.redirect_uri, state))

    async def complete(self, state: str, code: str | None) -> LinkResult:
        """The Hub's callback: use the state once, trade the code, link the member."""
        taken = await self.store.consume_link_state(state)
        if isinstance(taken, StateRejected):
            return LinkResult(False, reason=taken.reason.value)
        member = taken.member
        language = Language(_language(taken.context.get("language")))
        if await self.paused(member):
            return LinkResult(False, reason=PAUSED, language=language)
        if not code:
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="no_code", language=language)
        try:
            tokens = await self.hub.exchange_code(code, self.redirect_uri)
            account = await self.hub.account_for(tokens.access_token)
        except HubError as exc:
            log.info("link failed: %s", type(exc).__name__)
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="hub_refused", language=language)
        if account.user_type not in ("Guardian", "Pupil"):
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="not_guardian", language=language)
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
        return LinkResult(True, link=link, language=language)

    # -- codes a chat redeems with /start CODE ------------------------------------------------

    async def redeem(self, code: str, member: MemberKey) -> Redeemed:
        """Use a code once in the chat it belongs to; anything else counts as a failure."""
        if await self.paused(member):
            return Redeemed(False, reason=PAUSED)
        found: tuple[str, LinkState] | None = None
        reason = StateRejection.UNKNOWN.value
        for purpose in REDEEMABLE:
            checked = await self.store.peek_link_state(code, purpose=purpose)
            if isinstance(checked, LinkState):
                found = (purpose, checked)
                break
            if checked.reason != StateRejection.UNKNOWN:
                reason = checked.reason.value
        if found is not None and not may_redeem(found[1].member, member):
            found, reason = None, StateRejection.WRONG_CHAT.value
        if found is not None:
            purpose = found[0]
            taken = await self.store.consume_link_state(code, purpose=purpose)
            if isinstance(taken, LinkState):
                language = _language(taken.context.get("language"))
                return Redeemed(True, purpose, taken.member, language=language)
            reason = taken.reason.value
        await self.store.record_link_failure(member.chat)
        return Redeemed(False, reason=reason)

    async def return_url(self, member: MemberKey, language: str = "sv") -> str | None:
        channel = self._channels.get(member.channel)
        return None if channel is None else await channel.return_url(member, language)

    async def private_chat_url(self, member: MemberKey) -> str | None:
        channel = self._channels.get(member.channel)
        return None if channel is None else channel.private_chat_url()

    # -- the page of linked chats -------------------------------------------------------------

    async def manage_url(self, link: ChatLink) -> str:
        """A ten-minute page listing the account's linked chats, for this link's owner only."""
        state = await self.store.create_link_state(
            link.member,
            purpose=PURPOSE_MANAGE,
            context={"language": link.language.value, "hub_account_id": link.hub_account_id},
        )
        return f"{self.base_url}{MANAGE_PATH}/{state}"

    async def managed(self, state: str) -> ManagedLinks | StateRejected:
        checked = await self.store.peek_link_state(state, purpose=PURPOSE_MANAGE)
        if isinstance(checked, StateRejected):
            return checked
        account = str(checked.context.get("hub_account_id") or "")
        if not account:
            return StateRejected(StateRejection.UNKNOWN)
        links = await self.store.list_links_for_account(account, active_only=False)
        return ManagedLinks(
            asked_by=checked.member,
            hub_account_id=account,
            language=_language(checked.context.get("language")),
            links=links,
        )

    @staticmethod
    def csrf_token(state: str) -> str:
        """Ties an unlink form to its page: another site cannot know it."""
        return hmac.new(state.encode("utf-8"), b"unlink", hashlib.sha256).hexdigest()

    async def unlink_from_page(self, state: str, link_id: int, csrf: str) -> bool:
        """Unlink one of the account's chats from the manage page; False if not allowed."""
        if not hmac.compare_digest(self.csrf_token(state), csrf):
            return False
        view = await self.managed(state)
        if isinstance(view, StateRejected):
            return False
        link = next((candidate for candidate in view.links if candidate.id == link_id), None)
        if link is None:
            return False
        await self.unlink(link)
        if self.notify is not None:
            t = translator(link.language)
            await self.notify(
                link.member,
                t.gettext(
                    "This chat was unlinked from your Hub account on the page of linked chats."
                ),
            )
        return True

    async def reject_reason_text(self, reason: str, language: str = "sv") -> str:
        t = translator(language)
        texts = {
            StateRejection.EXPIRED.value: t.gettext(
                "The link has expired. Ask the bot for a new one in the chat."
            ),
            StateRejection.USED.value: t.gettext(
                "The link has already been used. Ask the bot for a new one in the chat."
            ),
            StateRejection.WRONG_CHAT.value: t.gettext(
                "That link belongs to another chat or another person. Ask the bot for your own "
                "in your chat."
            ),
            PAUSED: t.gettext(
                "Too many failed link attempts from this chat. Please wait an hour and try again."
            ),
            "hub_refused": t.gettext(
                "The Hub did not accept the login. Ask the bot for a new link and try again."
            ),
            "not_guardian": t.gettext(
                "Only guardians and students can link a Hub account to the chat."
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


def _language(value: object) -> str:
    return normalise_language(value if isinstance(value, str) else None)
