"""Single-use link states and the count of failed links per chat."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot.storage.base import LINK_STATE_TTL
from bot.storage.models import ChatKey, LinkState, MemberKey, StateRejected, StateRejection
from bot.storage.sqlite.codec import dump_json, from_db, load_object, member_of, to_db
from bot.storage.sqlite.part import SqlitePart

_STATE_BYTES = 32


def state_hash(state: str) -> str:
    """A stolen database must not let anyone finish someone else's link."""
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def _state_from_row(row: sqlite3.Row) -> LinkState:
    return LinkState(
        member=member_of(row),
        purpose=row["purpose"],
        context=load_object(row["context"]),
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
    )


class SqliteLinkStates(SqlitePart):
    async def create_link_state(
        self,
        member: MemberKey,
        *,
        purpose: str = "link",
        ttl: timedelta = LINK_STATE_TTL,
        context: Mapping[str, Any] | None = None,
    ) -> str:
        if ttl <= timedelta(0):
            raise ValueError("ttl must be positive")
        state = secrets.token_urlsafe(_STATE_BYTES)
        now = self._now()
        await self._db.execute(
            "INSERT INTO link_states (state_hash, purpose, channel, chat_id, member_id,"
            " context, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state_hash(state),
                purpose,
                member.channel,
                member.chat_id,
                member.member_id,
                dump_json(dict(context or {})),
                to_db(now),
                to_db(now + ttl),
            ),
        )
        return state

    def _judge(
        self, row: sqlite3.Row | None, purpose: str, chat: ChatKey | None
    ) -> LinkState | StateRejected:
        if row is None or row["purpose"] != purpose:
            return StateRejected(StateRejection.UNKNOWN)
        if row["used_at"] is not None:
            return StateRejected(StateRejection.USED)
        if from_db(row["expires_at"]) <= self._now():
            return StateRejected(StateRejection.EXPIRED)
        if chat is not None and (row["channel"], row["chat_id"]) != (chat.channel, chat.chat_id):
            return StateRejected(StateRejection.WRONG_CHAT)
        return _state_from_row(row)

    async def peek_link_state(
        self, state: str, *, purpose: str = "link"
    ) -> LinkState | StateRejected:
        row = await self._db.one(
            "SELECT * FROM link_states WHERE state_hash = ?", (state_hash(state),)
        )
        return self._judge(row, purpose, None)

    async def consume_link_state(
        self, state: str, *, purpose: str = "link", chat: ChatKey | None = None
    ) -> LinkState | StateRejected:
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            row = await tx.one(
                "SELECT * FROM link_states WHERE state_hash = ?", (state_hash(state),)
            )
            verdict = self._judge(row, purpose, chat)
            if isinstance(verdict, LinkState):
                # The guard on used_at keeps it single-use across processes too.
                taken = await tx.execute(
                    "UPDATE link_states SET used_at = ? WHERE state_hash = ? AND used_at IS NULL",
                    (now, state_hash(state)),
                )
                if not taken:
                    return StateRejected(StateRejection.USED)
        return verdict

    async def record_link_failure(self, chat: ChatKey) -> None:
        await self._db.execute(
            "INSERT INTO link_failures (channel, chat_id, at) VALUES (?, ?, ?)",
            (chat.channel, chat.chat_id, to_db(self._now())),
        )

    async def count_recent_link_failures(self, chat: ChatKey, window: timedelta) -> int:
        row = await self._db.one(
            "SELECT COUNT(*) FROM link_failures WHERE channel = ? AND chat_id = ? AND at > ?",
            (chat.channel, chat.chat_id, to_db(self._now() - window)),
        )
        return int(row[0]) if row else 0

    async def clear_link_failures(self, chat: ChatKey) -> int:
        return await self._db.execute(
            "DELETE FROM link_failures WHERE channel = ? AND chat_id = ?",
            (chat.channel, chat.chat_id),
        )
