"""Account linking: a chat speaks for one Hub account only after a Hub login.

Nothing identifying is ever typed into the chat. The chat gets a link to the
bot's own page; the page runs the Hub login (BankID or password happens on the
Hub) and the Hub's answer becomes a refresh token. That token is not given to
the chat that asked for the page: the page hands out a one-time link code
(`bot.linking.codes`), and only the chat that sends the code back is linked
(`redeem`). A person who forwards their link button to a guardian, and gets her
to log in, therefore gets nothing: the code is on her screen, not in their chat.
The same rule serves every channel: Telegram's `/start CODE`, the terminal chat
(which sends the code itself), a short typed code over SMS.

A channel adds what it knows (`ChannelLinks`): the deep link that sends the code
(Telegram: `t.me/<bot>?start=CODE`), the words to send it by hand, whether it
wants the short form, and for group members a way into a private chat first, so
a link page is never shown in front of the group. Group invites are single-use
states under their own purpose; a short-lived "manage" state opens the page that
lists the account's linked chats and unlinks them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from bot.clock import Clock
from bot.conversation.types import Choice, Incoming, Reply
from bot.hub.errors import HubError, WrongPassword
from bot.hub.models import Account, TokenSet
from bot.i18n import normalise_language, translator
from bot.linking.codes import (
    CodeForm,
    IssuedCode,
    code_in_text,
    new_long_code,
    new_short_code,
    normalize,
)
from bot.storage.base import Store
from bot.storage.models import (
    ChatLink,
    Language,
    LinkGrant,
    LinkState,
    MemberKey,
    Preferences,
    Role,
    StateRejected,
    StateRejection,
)

log = logging.getLogger(__name__)

FAILURE_WINDOW = timedelta(hours=1)
MAX_FAILURES = 5
MANAGE_PATH = "/link/manage"

# What a state is for; a state of one purpose is refused as any other.
PURPOSE_LINK = "link"
PURPOSE_GROUP = "group"
PURPOSE_MANAGE = "manage"
# Sent to an account's other chats when a new one links: unlink that new chat.
PURPOSE_UNDO = "undo"
UNDO_TTL = timedelta(days=7)
UNDO_PATH = "/link/undo"
# What a redeemed link code did (it is no state: it carries the Hub login itself).
LINKED = "linked"
PAUSED = "paused"
WRONG_PASSWORD = "wrong_password"


class HubLinker(Protocol):
    """The Hub calls linking needs, run from the bot's server, so tests and other Hubs can stand in."""

    async def login_with_password(self, login: str, password: str) -> TokenSet:
        """Log in on the Hub's form, pair as a device, log out: the account's tokens."""
        ...

    async def start_bankid(self) -> BankIdStart:
        """Start the Hub's BankID order in a web session the linker holds."""
        ...

    async def poll_bankid(self, order: str) -> BankIdProgress:
        """Where the order stands; when approved, the paired tokens (session dropped)."""
        ...

    async def cancel_bankid(self, order: str) -> None: ...

    async def account_for(self, access_token: str) -> Account: ...

    async def revoke(self, refresh_token: str) -> None: ...

    async def close(self) -> None:
        """Drop any web session still held for a login in progress."""
        ...


@dataclass(frozen=True, slots=True)
class BankIdStart:
    """What the page shows while the guardian's BankID app is asked."""

    order: str
    # Opens the BankID app (the sandbox: its "phone" page); the QR code carries the same.
    app_url: str
    qr_data: str


@dataclass(frozen=True, slots=True)
class BankIdProgress:
    state: str  # PENDING, USER_SIGN, OK, CANCELLED, ERROR (as public clients poll them)
    tokens: TokenSet | None = None


BANKID_WAITING = frozenset({"PENDING", "USER_SIGN"})


class Notify(Protocol):
    """Tell a chat something outside of a reply, with link buttons (the outbox's notices)."""

    async def __call__(
        self, member: MemberKey, text: str, *, key: str | None = None, links: Sequence[Choice] = ()
    ) -> None: ...


class ChannelLinks(Protocol):
    """What a channel adds to linking: how a code gets back into it, and a way in for groups."""

    def code_form(self) -> CodeForm:
        """LONG for a code carried by a link or pasted; SHORT also, where people type it."""
        ...

    def redeem_url(self, code: IssuedCode) -> str | None:
        """A link that sends the code to the bot (Telegram: `t.me/<bot>?start=CODE`)."""
        ...

    def redeem_text(self, code: IssuedCode) -> str:
        """What to send the bot by hand (Telegram: `/start CODE`)."""
        ...

    async def private_invite_url(self, member: MemberKey, language: str) -> str | None:
        """For a group member: a link that opens a private chat to link in."""
        ...

    def private_chat_url(self) -> str | None:
        """A link that opens a private chat with the bot (no code in it)."""
        ...


@dataclass(frozen=True, slots=True)
class CodeHandout:
    """How the page tells the person to bring the code into their chat."""

    code: IssuedCode
    url: str | None
    text: str
    channel: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The Hub login behind a link page: a code to hand out, or why not."""

    ok: bool
    handout: CodeHandout | None = None
    reason: str = ""
    language: str = "sv"


@dataclass(frozen=True, slots=True)
class Redeemed:
    """A code a chat sent: what it was for, and whose it was."""

    ok: bool
    purpose: str = ""
    # LINKED: the member now linked; PURPOSE_GROUP: the group member the invite is for.
    member: MemberKey | None = None
    reason: str = ""
    language: str = "sv"
    name: str = ""


@dataclass(frozen=True, slots=True)
class ManagedLinks:
    """What the manage page shows: every chat linked to the account that asked."""

    asked_by: MemberKey
    hub_account_id: str
    language: str
    links: list[ChatLink] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UndoView:
    """The undo page: who asked, and the new chat (None once it is gone)."""

    asked_by: MemberKey
    link: ChatLink | None
    language: str


CHANNEL_NAMES = {"telegram": "Telegram", "terminal": "Terminal", "sms": "SMS"}


def describe_chat(member: MemberKey, gettext: Callable[[str], str]) -> str:
    """ "Telegram, private chat": enough to recognise a chat, nothing about who is in it."""
    channel = CHANNEL_NAMES.get(member.channel, member.channel.capitalize())
    kind = gettext("private chat") if member.is_private else gettext("group chat")
    return f"{channel}, {kind}"


def may_redeem(owner: MemberKey, sender: MemberKey) -> bool:
    """A group invite works in the chat it was made for, or in that member's private chat."""
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
        self._new_link_preferences: dict[str, Preferences] = {}
        # Link page state -> the Hub BankID order its server-side login waits for.
        self._bankid: dict[str, str] = {}

    def register_channel(self, channel: str, links: ChannelLinks) -> None:
        self._channels[channel] = links

    def set_new_link_preferences(self, channel: str, preferences: Preferences) -> None:
        """What a chat of this channel starts with (SMS: the evening summary is opt-in)."""
        self._new_link_preferences[channel] = preferences

    @property
    def base_url(self) -> str:
        return self._web_base_url().rstrip("/")

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
        sent = code_in_text(msg.text)
        if sent is not None:
            # Any channel: a link code sent as a message links the chat that sent it.
            return await self.answer_code(sent, member, language)
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

    async def login_with_password(self, state: str, login: str, password: str) -> LinkResult:
        """The link page's password form: the bot's server logs in on the Hub and pairs.

        The password is only passed on to the Hub; it is never stored or logged. A
        wrong password keeps the page (its state) usable, but counts for the chat.
        """
        checked = await self.store.peek_link_state(state)
        if isinstance(checked, StateRejected):
            return LinkResult(False, reason=checked.reason.value)
        language = _language(checked.context.get("language"))
        if await self.paused(checked.member):
            return LinkResult(False, reason=PAUSED, language=language)
        if not login.strip() or not password:
            return LinkResult(False, reason=WRONG_PASSWORD, language=language)
        try:
            tokens = await self.hub.login_with_password(login.strip(), password)
        except WrongPassword:
            await self.store.record_link_failure(checked.member.chat)
            return LinkResult(False, reason=WRONG_PASSWORD, language=language)
        except HubError as exc:
            log.info("link failed: %s", type(exc).__name__)
            await self.store.record_link_failure(checked.member.chat)
            return LinkResult(False, reason="hub_refused", language=language)
        return await self._complete(state, tokens)

    async def start_bankid(self, state: str) -> BankIdStart | LinkResult:
        """The page's BankID button: the server starts the Hub's order for this page."""
        checked = await self.store.peek_link_state(state)
        if isinstance(checked, StateRejected):
            return LinkResult(False, reason=checked.reason.value)
        language = _language(checked.context.get("language"))
        if await self.paused(checked.member):
            return LinkResult(False, reason=PAUSED, language=language)
        try:
            started = await self.hub.start_bankid()
        except HubError as exc:
            log.info("bankid start failed: %s", type(exc).__name__)
            return LinkResult(False, reason="hub_refused", language=language)
        self._bankid[state] = started.order
        return started

    async def poll_bankid(self, state: str) -> BankIdProgress | LinkResult:
        """The waiting page asks again: still waiting, or the code page, or why not."""
        order = self._bankid.get(state)
        if order is None:
            return LinkResult(False, reason=StateRejection.UNKNOWN.value)
        try:
            progress = await self.hub.poll_bankid(order)
        except HubError as exc:
            log.info("bankid poll failed: %s", type(exc).__name__)
            self._bankid.pop(state, None)
            return LinkResult(False, reason="hub_refused")
        if progress.state in BANKID_WAITING:
            return progress
        self._bankid.pop(state, None)
        if progress.tokens is None:
            checked = await self.store.peek_link_state(state)
            if isinstance(checked, LinkState):
                await self.store.record_link_failure(checked.member.chat)
            return LinkResult(False, reason="bankid_" + progress.state.lower())
        return await self._complete(state, progress.tokens)

    async def _complete(self, state: str, tokens: TokenSet) -> LinkResult:
        """A Hub login made: use the page's state once and hand out a link code.

        Nothing is linked here: the chat that asked for the page is not necessarily
        the person who just logged in.
        """
        taken = await self.store.consume_link_state(state)
        if isinstance(taken, StateRejected):
            await self._revoke_quietly(tokens.refresh_token)
            return LinkResult(False, reason=taken.reason.value)
        member = taken.member
        language = Language(_language(taken.context.get("language")))
        try:
            account = await self.hub.account_for(tokens.access_token)
        except HubError as exc:
            log.info("link failed: %s", type(exc).__name__)
            await self.store.record_link_failure(member.chat)
            return LinkResult(False, reason="hub_refused", language=language)
        if account.user_type not in ("Guardian", "Pupil"):
            await self.store.record_link_failure(member.chat)
            await self._revoke_quietly(tokens.refresh_token)
            return LinkResult(False, reason="not_guardian", language=language)
        grant = LinkGrant(
            hub_account_id=str(account.user_id),
            role=Role.GUARDIAN if account.user_type == "Guardian" else Role.STUDENT,
            language=language,
            login_hint=account.first_name,
            refresh_token=tokens.refresh_token,
            # A group member's login is meant for that group membership (see `redeem`).
            target=None if member.is_private else member,
        )
        handout = await self.hand_out(grant, member.channel)
        return LinkResult(True, handout=handout, language=language)

    async def _revoke_quietly(self, refresh_token: str) -> None:
        try:
            await self.hub.revoke(refresh_token)
        except HubError as exc:
            log.info("revoke failed: %s", type(exc).__name__)

    async def hand_out(self, grant: LinkGrant, channel: str) -> CodeHandout:
        """Keep a Hub login under a fresh one-time code, in the form `channel` wants."""
        links = self._channels.get(channel)
        short = links is not None and links.code_form() == CodeForm.SHORT
        code, short_code = new_long_code(), new_short_code() if short else None
        expires = await self.store.create_link_code(grant, code=code, short_code=short_code)
        issued = IssuedCode(code, short_code, expires)
        if links is None:
            return CodeHandout(issued, None, f"/start {issued.code}", channel)
        return CodeHandout(issued, links.redeem_url(issued), links.redeem_text(issued), channel)

    # -- codes a chat sends: /start CODE, or a typed code ---------------------------------------

    async def redeem(self, code: str, member: MemberKey) -> Redeemed:
        """Use a code once; the chat that sends a link code is the one linked.

        Channel-neutral: Telegram's `/start CODE`, a terminal, an SMS with the short
        form all come here. A wrong code counts as a failed attempt of that chat.
        """
        if await self.paused(member):
            return Redeemed(False, reason=PAUSED)
        code = normalize(code)
        invite = await self._redeem_invite(code, member)
        if invite.ok:
            return invite
        taken = await self.store.consume_link_code(code)
        if isinstance(taken, LinkGrant):
            link = await self._link(taken, member)
            return Redeemed(
                True,
                LINKED,
                link.member,
                language=link.language.value,
                name=link.hub_login_hint or "",
            )
        reason = invite.reason
        if reason == StateRejection.UNKNOWN.value:
            reason = taken.reason.value
        await self.store.record_link_failure(member.chat)
        return Redeemed(False, reason=reason)

    async def _redeem_invite(self, code: str, member: MemberKey) -> Redeemed:
        """A group member's way into a private chat (no login in it, only where to link)."""
        checked = await self.store.peek_link_state(code, purpose=PURPOSE_GROUP)
        if isinstance(checked, StateRejected):
            return Redeemed(False, reason=checked.reason.value)
        if not may_redeem(checked.member, member):
            return Redeemed(False, reason=StateRejection.WRONG_CHAT.value)
        taken = await self.store.consume_link_state(code, purpose=PURPOSE_GROUP)
        if isinstance(taken, StateRejected):
            return Redeemed(False, reason=taken.reason.value)
        language = _language(taken.context.get("language"))
        return Redeemed(True, PURPOSE_GROUP, taken.member, language=language)

    async def _link(self, grant: LinkGrant, sender: MemberKey) -> ChatLink:
        """Link the sender (or the group membership the login was for, if it is theirs)."""
        member = sender
        if grant.target is not None and may_redeem(grant.target, sender):
            member = grant.target
        previous = await self.store.list_links_for_account(grant.hub_account_id)
        starting = self._new_link_preferences.get(member.channel)
        if starting is not None and await self.store.get_link(member) is not None:
            starting = None  # a re-link keeps what the chat chose
        link = await self.store.upsert_link(
            member,
            hub_account_id=grant.hub_account_id,
            role=grant.role,
            language=grant.language,
            hub_login_hint=grant.login_hint,
            preferences=starting,
        )
        await self.store.store_refresh_token(link.id, grant.refresh_token)
        await self.store.clear_link_failures(sender.chat)
        await self._tell_others(link, previous)
        return link

    async def _tell_others(self, link: ChatLink, previous: list[ChatLink]) -> None:
        """Every other chat of the account hears of the new one, with a button that undoes it."""
        if self.notify is None:
            return
        for other in previous:
            if other.member == link.member:
                continue
            t = translator(other.language)
            state = await self.store.create_link_state(
                other.member,
                purpose=PURPOSE_UNDO,
                ttl=UNDO_TTL,
                context={
                    "language": other.language.value,
                    "hub_account_id": link.hub_account_id,
                    "link_id": link.id,
                },
            )
            await self.notify(
                other.member,
                t.gettext(
                    "Your Hub account was just linked to another chat as well ({where}). "
                    "If that was not you, unlink that chat with the button below; it can then "
                    "no longer act for you.",
                    where=describe_chat(link.member, t.gettext),
                ),
                key=f"linked-elsewhere:{link.id}:{other.id}:{link.created_at.isoformat()}",
                links=[
                    Choice(
                        t.gettext("Unlink the new chat"), url=f"{self.base_url}{UNDO_PATH}/{state}"
                    )
                ],
            )

    async def undo_view(self, state: str) -> UndoView | StateRejected:
        """What an undo button opens: the new chat it would unlink, if it is still linked."""
        checked = await self.store.peek_link_state(state, purpose=PURPOSE_UNDO)
        if isinstance(checked, StateRejected):
            return checked
        link_id = checked.context.get("link_id")
        account = str(checked.context.get("hub_account_id") or "")
        language = _language(checked.context.get("language"))
        link = await self.store.get_link_by_id(link_id) if isinstance(link_id, int) else None
        if link is None or link.hub_account_id != account:
            return UndoView(checked.member, None, language)
        return UndoView(checked.member, link, language)

    async def undo(self, state: str, csrf: str) -> UndoView | StateRejected:
        """Unlink the new chat the undo button names; the state is used up either way."""
        if not hmac.compare_digest(self.csrf_token(state), csrf):
            return StateRejected(StateRejection.UNKNOWN)
        view = await self.undo_view(state)
        if isinstance(view, StateRejected):
            return view
        taken = await self.store.consume_link_state(state, purpose=PURPOSE_UNDO)
        if isinstance(taken, StateRejected):
            return taken
        # The asking chat must still be linked to the account: an unlinked chat undoes nothing.
        asker = await self.store.get_link(view.asked_by)
        if view.link is None or asker is None or asker.hub_account_id != view.link.hub_account_id:
            return UndoView(view.asked_by, None, view.language)
        await self.unlink(view.link)
        if self.notify is not None:
            t = translator(view.link.language)
            await self.notify(
                view.link.member,
                t.gettext(
                    "This chat was unlinked from the Hub account by another chat linked to it. "
                    "If that was a mistake, link again."
                ),
            )
        return view

    async def answer_code(self, code: str, member: MemberKey, language: str = "sv") -> list[Reply]:
        """A channel-neutral answer to a code a chat sent."""
        redeemed = await self.redeem(code, member)
        if not redeemed.ok or redeemed.member is None:
            return [Reply(await self.reject_reason_text(redeemed.reason, language))]
        t = translator(redeemed.language)
        if redeemed.purpose == PURPOSE_GROUP:
            url = await self.start(redeemed.member, redeemed.language)
            return [
                Reply(
                    t.gettext(
                        "Log in on the Hub to link your account for the group chat. Never "
                        "write your personal identity number or password here."
                    ),
                    choices=[Choice(t.gettext("Link my Hub account"), url=url)],
                )
            ]
        if redeemed.member != member:
            return [
                Reply(
                    t.gettext("Done, {name}! You are linked in the group too.", name=redeemed.name)
                )
            ]
        return [
            Reply(
                t.gettext(
                    "Welcome, {name}! This chat is linked to your Hub account. "
                    "Write 'hjälp' to see what I can do.",
                    name=redeemed.name,
                )
            )
        ]

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
            WRONG_PASSWORD: t.gettext("Wrong user name or password. Try again."),
            "bankid_cancelled": t.gettext(
                "The BankID login was cancelled. Ask the bot for a new link and try again."
            ),
            "bankid_error": t.gettext(
                "The BankID login did not go through. Ask the bot for a new link and try again."
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
