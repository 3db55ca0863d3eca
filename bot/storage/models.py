"""The plain values the store hands out and takes in.

Nothing here knows about SQL, so a second backend (PostgreSQL for several bot
processes) returns exactly these and no caller changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, time
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from bot.i18n.languages import CODES

JsonObject = dict[str, Any]


class _HasChat(Protocol):
    @property
    def channel(self) -> str: ...
    @property
    def chat_id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ChatKey:
    """One conversation on one channel (a private chat or a group)."""

    channel: str
    chat_id: str

    @classmethod
    def of(cls, chat: _HasChat) -> ChatKey:
        """The key of a `ChatRef` (or anything with `channel` and `chat_id`)."""
        return cls(chat.channel, chat.chat_id)

    def member(self, member_id: str | None = None) -> MemberKey:
        """A person in this chat; without an id, the chat itself (a private chat)."""
        return MemberKey(self.channel, self.chat_id, member_id or self.chat_id)


@dataclass(frozen=True, slots=True)
class MemberKey:
    """One person in one chat. In a private chat `member_id == chat_id`."""

    channel: str
    chat_id: str
    member_id: str

    @property
    def chat(self) -> ChatKey:
        return ChatKey(self.channel, self.chat_id)

    @property
    def is_private(self) -> bool:
        return self.member_id == self.chat_id


class Role(StrEnum):
    GUARDIAN = "guardian"
    STUDENT = "student"


class Language(str):
    """A chat's language: one of the codes in `bot/i18n/languages.py`, and nothing else.

    A plain code, not an enum, so a new language in that list needs no change here.
    """

    __slots__ = ()

    def __new__(cls, code: str) -> Language:
        if code not in CODES:
            raise ValueError(f"not a supported language: {code!r}")
        return super().__new__(cls, code)

    @property
    def value(self) -> str:
        return str.__str__(self)


class LanguageSource(StrEnum):
    """Why a chat speaks its language: a choice in settings is never overridden."""

    DEFAULT = "default"
    # The channel's guess (Telegram's language_code) before the person wrote anything clear.
    HINT = "hint"
    # The person's own clear messages: the chat follows them, back and forth.
    MESSAGES = "messages"
    SETTINGS = "settings"


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _parse_hhmm(value: Any, default: time) -> time:
    if not isinstance(value, str):
        return default
    try:
        return time.fromisoformat(value)
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a linked person chose. Stored as JSON so new choices need no migration."""

    confirmations: bool = True
    summary_enabled: bool = True
    summary_time: time = time(18, 0)
    # (start, end) local time; None: no quiet hours. End before start wraps past midnight.
    quiet_hours: tuple[time, time] | None = (time(21, 0), time(7, 0))
    # Urgent alerts (e.g. an invalid absence) even inside quiet hours.
    alerts_any_hour: bool = False
    # Hub pupil ids this chat handles; None: all the account's children.
    children: tuple[str, ...] | None = None
    language_source: LanguageSource = LanguageSource.DEFAULT

    def to_json(self) -> JsonObject:
        return {
            "confirmations": self.confirmations,
            "summary_enabled": self.summary_enabled,
            "summary_time": _hhmm(self.summary_time),
            "quiet_hours": (
                [_hhmm(self.quiet_hours[0]), _hhmm(self.quiet_hours[1])]
                if self.quiet_hours
                else None
            ),
            "alerts_any_hour": self.alerts_any_hour,
            "children": list(self.children) if self.children is not None else None,
            "language_source": self.language_source.value,
        }

    @classmethod
    def from_json(cls, data: Any) -> Preferences:
        """Missing or malformed keys fall back to defaults: old rows stay readable."""
        if not isinstance(data, dict):
            return cls()
        default = cls()
        quiet: tuple[time, time] | None = default.quiet_hours
        raw_quiet = data.get("quiet_hours", "absent")
        if raw_quiet is None:
            quiet = None
        elif isinstance(raw_quiet, list) and len(raw_quiet) == 2 and default.quiet_hours:
            quiet = (
                _parse_hhmm(raw_quiet[0], default.quiet_hours[0]),
                _parse_hhmm(raw_quiet[1], default.quiet_hours[1]),
            )
        raw_source = data.get("language_source")
        source = (
            LanguageSource(raw_source)
            if raw_source in {s.value for s in LanguageSource}
            else default.language_source
        )
        raw_children = data.get("children")
        children = tuple(str(c) for c in raw_children) if isinstance(raw_children, list) else None
        return cls(
            confirmations=bool(data.get("confirmations", default.confirmations)),
            summary_enabled=bool(data.get("summary_enabled", default.summary_enabled)),
            summary_time=_parse_hhmm(data.get("summary_time"), default.summary_time),
            quiet_hours=quiet,
            alerts_any_hour=bool(data.get("alerts_any_hour", default.alerts_any_hour)),
            children=children,
            language_source=source,
        )


@dataclass(frozen=True, slots=True)
class ChatLink:
    """A person in a chat linked to a Hub account. Holds no identity number, ever."""

    id: int
    member: MemberKey
    hub_account_id: str
    # A first name for greetings, nothing more.
    hub_login_hint: str | None
    role: Role
    language: Language
    preferences: Preferences
    # False once the channel said the chat is gone (Telegram: Forbidden).
    active: bool
    created_at: datetime
    last_seen_at: datetime

    @property
    def chat(self) -> ChatKey:
        return self.member.chat


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A decrypted refresh token. `generation` guards rotation against a racing refresh."""

    link_id: int
    token: str = field(repr=False)
    generation: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LinkGrant:
    """What one Hub login handed out, waiting for the chat that brings its link code.

    The code, not the chat that opened the page, decides which chat is linked: a
    link page forwarded to someone else then gives its first owner nothing.
    `target` is a group membership the login was started for; it is linked
    instead of the sending chat only when that same person sends the code.
    """

    hub_account_id: str
    role: Role
    language: Language
    login_hint: str | None
    refresh_token: str = field(repr=False)
    target: MemberKey | None = None


class StateRejection(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    WRONG_CHAT = "wrong_chat"


@dataclass(frozen=True, slots=True)
class LinkState:
    """A single-use state bound to the chat member who asked to link."""

    member: MemberKey
    purpose: str
    context: JsonObject
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class StateRejected:
    reason: StateRejection


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    chat: ChatKey
    member_id: str | None
    at: datetime
    direction: Direction
    # Already redacted when written.
    text: str
    intent: str | None
    slots: JsonObject | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChatActivity:
    chat: ChatKey
    last_at: datetime
    entries: int


class DeliveryState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    SENT = "sent"
    DEAD = "dead"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    idempotency_key: str
    chat: ChatKey
    # Emptied once sent: the key is all a delivered message still needs.
    payload: JsonObject
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    updated_at: datetime
    last_error: str | None


class JobState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Job:
    """Later work: a queued Hub errand, a filing for a later day, a scheduled summary."""

    id: int
    kind: str
    payload: JsonObject
    run_at: datetime
    state: JobState
    attempts: int
    max_attempts: int
    idempotency_key: str | None
    chat: ChatKey | None
    member_id: str | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Queued(Generic[T]):
    """What an idempotent enqueue gives back: the row, and whether this call made it."""

    item: T
    created: bool


@dataclass(frozen=True, slots=True)
class Pending:
    """Conversation state waiting for the next message (e.g. a Ja/Nej confirmation)."""

    member: MemberKey
    key: str
    value: JsonObject
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LastWrite:
    """What the person last changed on the Hub, kept so "ångra" can reverse it."""

    member: MemberKey
    value: JsonObject
    at: datetime


@dataclass(frozen=True, slots=True)
class Forgotten:
    """How many rows `forget_*` removed, per kind of data."""

    links: int = 0
    tokens: int = 0
    link_states: int = 0
    link_failures: int = 0
    log_entries: int = 0
    outbox: int = 0
    jobs: int = 0
    pending: int = 0
    last_writes: int = 0
    # The staff console's rows about the chat (bot/storage/sqlite/console.py).
    tickets: int = 0
    takeover_claims: int = 0
    chat_facts: int = 0
    # What the chat's evening summaries already reported (bot/storage/sqlite/push.py).
    push_reported: int = 0
    # An SMS chat's encrypted number and its sent messages (bot/storage/sqlite/sms.py).
    sms_numbers: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    def __add__(self, other: Forgotten) -> Forgotten:
        return Forgotten(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


@dataclass(frozen=True, slots=True)
class Purged:
    """How many stale rows housekeeping removed."""

    link_states: int = 0
    link_failures: int = 0
    pending: int = 0
    last_writes: int = 0
    outbox: int = 0
    jobs: int = 0


# -- the staff console ----------------------------------------------------------------------------


class StaffRole(StrEnum):
    SUPPORT = "support"
    TEACHER = "teacher"
    # The console's own administrator: reads the audit log, nothing else.
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A signed-in staff member. The cookie value that finds it is never stored."""

    login: str
    display_name: str
    role: StaffRole
    municipality: str
    csrf_token: str = field(repr=False)
    # The Hub's staff API token, decrypted; None for the local administrator.
    hub_token: str | None = field(repr=False)
    created_at: datetime
    last_seen_at: datetime


class TicketState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Ticket:
    """A guardian asked for a person. Holds what support needs, never an identity number."""

    id: int
    chat: ChatKey
    member_id: str
    hub_account_id: str
    # [{"id": switch id, "name": first name}]
    children: tuple[JsonObject, ...]
    schools: tuple[str, ...]
    # Redacted log lines: [{"at", "direction", "text", "intent"}], oldest first.
    last_messages: tuple[JsonObject, ...]
    state: TicketState
    created_at: datetime
    answered_at: datetime | None
    answered_by: str | None
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class TakeoverClaim:
    chat: ChatKey
    staff_login: str
    staff_name: str
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    chat: ChatKey | None
    detail: str


@dataclass(frozen=True, slots=True)
class PublishedNews:
    id: int
    hub_news_id: str
    staff_login: str
    group_name: str
    title: str
    published_at: datetime


SMS_CHANNEL = "sms"


@dataclass(frozen=True, slots=True)
class SmsNumber:
    """A phone number that texts the bot. `chat_id` is its keyed hash; `number` is clear
    text only in memory (the row holds it encrypted)."""

    chat_id: str
    number: str
    # STOP: nothing unasked goes to this number until it writes START.
    stopped: bool
    # Delivery reports of "failed" since the last delivered one.
    failures: int
    created_at: datetime
    last_seen_at: datetime

    @property
    def chat(self) -> ChatKey:
        return ChatKey(SMS_CHANNEL, self.chat_id)


@dataclass(frozen=True, slots=True)
class SmsReport:
    """A delivery report applied: whose message, and the number's failures after it."""

    chat_id: str
    failures: int
    # False when the report was a repeat of one already counted.
    changed: bool
