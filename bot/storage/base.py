"""The storage interface, one small protocol per concern.

Code that needs only links asks for a `LinkStore`; a test can hand it a fake of
just that. Everything speaks the dataclasses in `models` and plain types: no SQL,
no rows, no connections. Times go in and come out timezone-aware; "now" is the
store's injected clock unless a method takes the moment as an argument.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.storage.models import (
    AuditEntry,
    ChatActivity,
    ChatKey,
    ChatLink,
    DeliveryState,
    Direction,
    Forgotten,
    Job,
    JobState,
    Language,
    LastWrite,
    LinkGrant,
    LinkState,
    LogEntry,
    MemberKey,
    OutboxItem,
    Pending,
    Preferences,
    PublishedNews,
    Purged,
    Queued,
    Role,
    SmsNumber,
    SmsReport,
    StaffRole,
    StaffSession,
    StateRejected,
    StoredToken,
    TakeoverClaim,
    Ticket,
)
from bot.storage.retention import Rule

LINK_STATE_TTL = timedelta(minutes=10)


class LinkStore(Protocol):
    async def upsert_link(
        self,
        member: MemberKey,
        *,
        hub_account_id: str,
        role: Role,
        language: Language,
        hub_login_hint: str | None = None,
        preferences: Preferences | None = None,
    ) -> ChatLink:
        """Link (or re-link) a chat member. A different account drops the old token."""
        ...

    async def get_link(self, member: MemberKey) -> ChatLink | None: ...

    async def get_link_by_id(self, link_id: int) -> ChatLink | None: ...

    async def list_links_for_chat(
        self, chat: ChatKey, *, active_only: bool = True
    ) -> list[ChatLink]: ...

    async def list_links_for_account(
        self, hub_account_id: str, *, active_only: bool = True
    ) -> list[ChatLink]: ...

    async def list_links(self, *, active_only: bool = True) -> list[ChatLink]: ...

    async def set_preferences(self, link_id: int, preferences: Preferences) -> ChatLink | None: ...

    async def set_language(self, link_id: int, language: Language) -> ChatLink | None: ...

    async def set_chat_active(self, chat: ChatKey, active: bool) -> int:
        """Every link in the chat; returns how many changed. Forbidden → inactive."""
        ...

    async def touch_link(self, link_id: int) -> None:
        """Record that the person was seen now."""
        ...

    async def delete_link(self, link_id: int) -> bool:
        """Unlink; the token goes with it."""
        ...


class TokenStore(Protocol):
    """Refresh tokens, encrypted at rest; callers only ever see clear text in memory."""

    async def store_refresh_token(self, link_id: int, token: str) -> StoredToken: ...

    async def get_refresh_token(self, link_id: int) -> StoredToken | None: ...

    async def rotate_refresh_token(
        self, link_id: int, new_token: str, *, expected_generation: int
    ) -> StoredToken | None:
        """Replace the token only if nobody rotated it since `expected_generation`.

        None means another refresh won the race: read the token again.
        """
        ...

    async def delete_refresh_token(self, link_id: int) -> bool: ...


class LinkStateStore(Protocol):
    async def create_link_state(
        self,
        member: MemberKey,
        *,
        purpose: str = "link",
        ttl: timedelta = LINK_STATE_TTL,
        context: Mapping[str, Any] | None = None,
    ) -> str:
        """A fresh random url-safe state. Only its hash is stored."""
        ...

    async def peek_link_state(
        self, state: str, *, purpose: str = "link"
    ) -> LinkState | StateRejected:
        """Check a state without using it (e.g. to render the page a link opens)."""
        ...

    async def consume_link_state(
        self, state: str, *, purpose: str = "link", chat: ChatKey | None = None
    ) -> LinkState | StateRejected:
        """Use a state once. With `chat`, a state issued in another chat is refused."""
        ...

    async def record_link_failure(self, chat: ChatKey) -> None: ...

    async def count_recent_link_failures(self, chat: ChatKey, window: timedelta) -> int: ...

    async def clear_link_failures(self, chat: ChatKey) -> int: ...


class LinkCodeStore(Protocol):
    """One-time link codes a Hub login hands out; the chat that sends one is linked."""

    async def create_link_code(
        self,
        grant: LinkGrant,
        *,
        code: str,
        short_code: str | None = None,
        ttl: timedelta = LINK_STATE_TTL,
    ) -> datetime:
        """Keep `grant` under `code` (and `short_code`, if given); only keyed hashes of the
        codes are stored, the refresh token encrypted. Returns when the codes expire."""
        ...

    async def consume_link_code(self, code: str) -> LinkGrant | StateRejected:
        """Use a code (either form) once; the grant's token leaves the table with it."""
        ...


class ConversationLog(Protocol):
    async def append_log(
        self,
        chat: ChatKey,
        direction: Direction,
        text: str,
        *,
        member_id: str | None = None,
        intent: str | None = None,
        slots: Mapping[str, Any] | None = None,
        flags: Sequence[str] = (),
        sensitive_spans: Sequence[tuple[int, int]] = (),
    ) -> LogEntry:
        """Redacts `text` (plus `sensitive_spans` of it) and string slots before writing."""
        ...

    async def list_log(
        self, chat: ChatKey, *, limit: int = 50, before_id: int | None = None
    ) -> list[LogEntry]:
        """Newest first."""
        ...

    async def list_recent_chats(self, *, limit: int = 50) -> list[ChatActivity]:
        """Chats by latest activity, newest first."""
        ...

    async def purge_log_older_than(self, cutoff: datetime) -> int: ...


class Outbox(Protocol):
    """Messages to deliver, at least once, in order per chat."""

    async def enqueue(
        self,
        idempotency_key: str,
        chat: ChatKey,
        payload: Mapping[str, Any],
        *,
        not_before: datetime | None = None,
    ) -> Queued[OutboxItem]:
        """A key seen before returns the existing row and `created=False`."""
        ...

    async def claim_due(
        self, limit: int, *, now: datetime | None = None, chat: ChatKey | None = None
    ) -> list[OutboxItem]:
        """Mark due items in flight and return them (only `chat`'s, if given).

        At most one item per chat per call, and none while another item of that
        chat is in flight or waiting for a retry, so a chat's messages arrive in
        order. Call again after marking them to get each chat's next one.
        """
        ...

    async def mark_sent(self, item_id: int) -> bool: ...

    async def mark_retry(self, item_id: int, next_attempt_at: datetime, error: str) -> bool: ...

    async def mark_dead(self, item_id: int, error: str) -> bool: ...

    async def requeue_in_flight(self, *, claimed_before: datetime | None = None) -> int:
        """Crash recovery at start: in-flight items go back to pending.

        With several processes, pass `claimed_before` so only stale claims move.
        """
        ...

    async def get_outbox_item(self, item_id: int) -> OutboxItem | None: ...

    async def list_outbox(
        self, chat: ChatKey, *, states: Collection[DeliveryState] | None = None
    ) -> list[OutboxItem]: ...


class JobQueue(Protocol):
    async def add_job(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        run_at: datetime,
        idempotency_key: str | None = None,
        chat: ChatKey | None = None,
        member_id: str | None = None,
        max_attempts: int = 10,
    ) -> Queued[Job]: ...

    async def get_job(self, job_id: int) -> Job | None: ...

    async def claim_due_jobs(
        self,
        limit: int,
        *,
        now: datetime | None = None,
        kinds: Collection[str] | None = None,
    ) -> list[Job]:
        """Mark due pending jobs running (one attempt more) and return them."""
        ...

    async def complete_job(self, job_id: int) -> bool: ...

    async def fail_job(
        self,
        job_id: int,
        error: str,
        *,
        retry_at: datetime | None = None,
        give_up: bool = False,
    ) -> Job | None:
        """Back to pending at `retry_at` (or after a backoff), or failed for good.

        Failed for good when `give_up` or the job used all its attempts.
        """
        ...

    async def cancel_job(self, job_id: int) -> bool:
        """Only a pending job can be cancelled."""
        ...

    async def list_jobs(
        self,
        *,
        chat: ChatKey | None = None,
        kind: str | None = None,
        states: Collection[JobState] = (JobState.PENDING, JobState.RUNNING),
    ) -> list[Job]:
        """By `run_at`."""
        ...

    async def delete_jobs_for_chat(self, chat: ChatKey) -> int: ...

    async def requeue_running_jobs(self, *, claimed_before: datetime | None = None) -> int:
        """Crash recovery at start, like `requeue_in_flight`.

        A job that was on its last attempt fails instead, so a job that takes the
        process down cannot do it forever.
        """
        ...


class PendingStore(Protocol):
    """Conversation state per chat member, e.g. a question waiting for Ja/Nej."""

    async def put_pending(
        self, member: MemberKey, key: str, value: Mapping[str, Any], *, expires_at: datetime
    ) -> Pending: ...

    async def get_pending(self, member: MemberKey, key: str) -> Pending | None: ...

    async def pop_pending(self, member: MemberKey, key: str) -> Pending | None:
        """Take it away atomically: of two racing messages only one gets it."""
        ...


class UndoStore(Protocol):
    async def record_last_write(
        self, member: MemberKey, value: Mapping[str, Any], *, at: datetime | None = None
    ) -> LastWrite: ...

    async def take_last_write(
        self, member: MemberKey, *, not_before: datetime
    ) -> LastWrite | None:
        """The last write if made at or after `not_before`, removed so it is undone once."""
        ...


class Forgetting(Protocol):
    """Erasure on request: everything about a chat or an account, in one transaction."""

    async def forget_chat(self, chat: ChatKey) -> Forgotten: ...

    async def forget_member(self, member: MemberKey) -> Forgotten:
        """One person in a group; a private chat is forgotten whole."""
        ...

    async def forget_account(self, hub_account_id: str) -> Forgotten:
        """Every member linked to the account, in every chat."""
        ...


class Housekeeping(Protocol):
    async def export_member(self, member: MemberKey) -> dict[str, list[dict[str, Any]]]:
        """A copy of every row kept about this chat member, table by table (GDPR art. 15).

        Secrets are named, not copied: the refresh token shows as kept and encrypted.
        """
        ...

    async def purge_retained(self, rules: Sequence[Rule]) -> dict[str, int]:
        """Delete every row its rule no longer lets stay (now is the store's clock); counts."""
        ...

    async def purge_expired(self, *, finished_before: datetime) -> Purged:
        """Drop expired states and pending answers, and finished work older than the cutoff."""
        ...


class Throttle(Protocol):
    """Failed attempts by key (a sign-in name, an address), to slow down guessing.

    Keys are kept only as hashes: the table says how often, never who.
    """

    async def record_failure(self, scope: str, key: str) -> None: ...

    async def recent_failures(self, scope: str, key: str, window: timedelta) -> list[datetime]:
        """When the key failed within the window, oldest first."""
        ...

    async def clear_failures(self, scope: str, key: str) -> int: ...

    async def purge_failures(self, *, before: datetime) -> int: ...


class ConsoleStore(Protocol):
    """The staff console's rows: sessions, take-over claims, tickets, news, the audit log."""

    async def create_staff_session(
        self,
        *,
        login: str,
        display_name: str,
        role: StaffRole,
        municipality: str,
        hub_token: str | None,
    ) -> tuple[str, StaffSession]:
        """A new session and the random value for its cookie; only a hash of it is stored."""
        ...

    async def get_staff_session(
        self, session_id: str, *, idle: timedelta, max_age: timedelta, touch: bool = True
    ) -> StaffSession | None:
        """The session a cookie value names. Idle or too old: deleted, None.

        `touch` marks it used now: what a person does, not what the page polls by itself.
        """
        ...

    async def end_staff_session(self, session_id: str) -> bool: ...

    async def purge_staff_sessions(self, *, seen_before: datetime) -> int: ...

    async def open_ticket(
        self,
        member: MemberKey,
        *,
        hub_account_id: str,
        children: Sequence[Mapping[str, Any]],
        schools: Sequence[str],
        last_messages: Sequence[Mapping[str, Any]],
    ) -> Queued[Ticket]:
        """The chat's unfinished ticket if it has one (`created=False`), else a new one."""
        ...

    async def current_ticket(self, chat: ChatKey) -> Ticket | None:
        """The chat's open or answered ticket."""
        ...

    async def list_current_tickets(self) -> list[Ticket]: ...

    async def mark_ticket_answered(self, chat: ChatKey, *, by: str) -> Ticket | None:
        """The first answer counts; later ones leave the ticket as it is."""
        ...

    async def close_ticket(self, chat: ChatKey) -> Ticket | None: ...

    async def purge_tickets_older_than(self, cutoff: datetime) -> int: ...

    async def claim_chat(
        self, chat: ChatKey, *, staff_login: str, staff_name: str
    ) -> Queued[TakeoverClaim]:
        """The claim that holds the chat now: this call's (`created`) or an earlier one."""
        ...

    async def get_claim(self, chat: ChatKey) -> TakeoverClaim | None: ...

    async def list_claims(self) -> list[TakeoverClaim]: ...

    async def release_chat(self, chat: ChatKey, *, staff_login: str) -> bool:
        """Only the holder can hand a chat back."""
        ...

    async def set_chat_schools(self, chat: ChatKey, schools: Sequence[str]) -> None: ...

    async def chat_schools(self) -> dict[ChatKey, tuple[str, ...]]: ...

    async def record_published_news(
        self, *, hub_news_id: str, staff_login: str, group_name: str, title: str
    ) -> PublishedNews: ...

    async def list_published_news(
        self, staff_login: str, *, limit: int = 20
    ) -> list[PublishedNews]:
        """Newest first."""
        ...

    async def count_outbox_chats(self, key_prefix: str) -> dict[DeliveryState, int]:
        """Distinct chats per delivery state among outbox rows whose key starts so."""
        ...

    async def count_chats_with_flag(self, flag: str) -> int:
        """Distinct chats whose log has an entry with this flag."""
        ...

    async def add_audit(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        chat: ChatKey | None = None,
        detail: str = "",
    ) -> AuditEntry: ...

    async def list_audit(
        self, *, limit: int = 200, before_id: int | None = None
    ) -> list[AuditEntry]:
        """Newest first."""
        ...


class PushLedger(Protocol):
    """What the push side has seen on the Hub and already said to each chat (`bot/push`)."""

    async def seen_facts(self, keys: Collection[str]) -> set[str]:
        """Those of `keys` already recorded."""
        ...

    async def record_facts(self, keys: Collection[str], *, child_id: str | None = None) -> int:
        """Remember facts as seen; returns how many were new."""
        ...

    async def baselined_children(self, child_ids: Collection[str]) -> set[str]:
        """Those children whose existing facts were already recorded once."""
        ...

    async def baseline_child(self, child_id: str, fact_keys: Collection[str]) -> None:
        """Record a child's existing facts silently, and that this was done, in one go."""
        ...

    async def get_watch_cursor(self, hub_account_id: str) -> str | None: ...

    async def set_watch_cursor(self, hub_account_id: str, cursor: str) -> None: ...

    async def claim_daily_alert(self, child_id: str, day: date, fact_key: str) -> str:
        """The fact that holds this child's one alert of the day: `fact_key` if it was free."""
        ...

    async def reported_in_chat(self, chat: ChatKey, keys: Collection[str]) -> set[str]:
        """Those of `keys` a summary already reported to this chat."""
        ...

    async def record_reported(self, chat: ChatKey, keys: Collection[str]) -> None: ...

    async def claim_due_on(
        self, channels: Collection[str], limit: int, *, now: datetime | None = None
    ) -> list[OutboxItem]:
        """`claim_due` for chats of these channels only: a worker claims what it can send."""
        ...

    async def purge_push_ledger(self, *, before: datetime) -> int:
        """Drop facts, alerts and reports older than the cutoff (they can no longer recur)."""
        ...


class SmsStore(Protocol):
    """Phone numbers (encrypted, found by a keyed hash) and the gateway's message ids."""

    def sms_chat_id(self, number: str) -> str:
        """The chat id of an E.164 number: its keyed hash (the number itself is never a key)."""
        ...

    async def remember_sms_number(self, number: str) -> SmsNumber:
        """The number's row, created if new; it wrote now (failures are forgotten)."""
        ...

    async def get_sms_number(self, chat_id: str) -> SmsNumber | None:
        """The row with the number decrypted, for sending to it."""
        ...

    async def stop_sms_pushes(self, chat_id: str) -> int:
        """STOP: mark the number stopped and drop what unasked messages wait for it (counted)."""
        ...

    async def resume_sms_pushes(self, chat_id: str) -> bool: ...

    async def claim_sms_incoming(self, message_id: str, *, stale_after: timedelta) -> bool:
        """True when this incoming id is to be handled now: new, or a handling that died.

        The gateway retries a webhook it got no 2xx for; an id already done (or being
        handled right now) is not handled again.
        """
        ...

    async def finish_sms_incoming(self, message_id: str) -> None: ...

    async def record_sms_sent(self, gateway_id: str, chat_id: str, parts: int) -> None: ...

    async def apply_sms_report(self, gateway_id: str, *, delivered: bool) -> SmsReport | None:
        """A delivery report: counts a failure (or clears them); None for an unknown id."""
        ...

    async def sms_parts_sent(self, chat_id: str | None = None) -> int:
        """Parts sent (to one number, or to all): what the gateway bills."""
        ...


class Store(
    LinkStore,
    TokenStore,
    LinkStateStore,
    LinkCodeStore,
    ConversationLog,
    Outbox,
    JobQueue,
    PendingStore,
    UndoStore,
    Forgetting,
    Housekeeping,
    ConsoleStore,
    Throttle,
    PushLedger,
    SmsStore,
    Protocol,
):
    async def close(self) -> None: ...
