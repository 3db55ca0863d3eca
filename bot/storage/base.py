"""The storage interface, one small protocol per concern.

Code that needs only links asks for a `LinkStore`; a test can hand it a fake of
just that. Everything speaks the dataclasses in `models` and plain types: no SQL,
no rows, no connections. Times go in and come out timezone-aware; "now" is the
store's injected clock unless a method takes the moment as an argument.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.storage.models import (
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
    LinkState,
    LogEntry,
    MemberKey,
    OutboxItem,
    Pending,
    Preferences,
    Purged,
    Queued,
    Role,
    StateRejected,
    StoredToken,
)

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
    async def purge_expired(self, *, finished_before: datetime) -> Purged:
        """Drop expired states and pending answers, and finished work older than the cutoff."""
        ...


class Store(
    LinkStore,
    TokenStore,
    LinkStateStore,
    ConversationLog,
    Outbox,
    JobQueue,
    PendingStore,
    UndoStore,
    Forgetting,
    Housekeeping,
    Protocol,
):
    async def close(self) -> None: ...
