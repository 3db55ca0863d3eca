"""What a conversation is waiting for, and the last write that "ångra" may undo.

Kept in the database, not in memory, so a restart (or a second process) picks
the conversation up where it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.storage.models import LastWrite, MemberKey, Pending
from bot.storage.sqlite.codec import dump_json, from_db, load_object, member_of, to_db
from bot.storage.sqlite.part import SqlitePart

_MEMBER = "channel = ? AND chat_id = ? AND member_id = ?"


def _member_params(member: MemberKey) -> tuple[str, str, str]:
    return (member.channel, member.chat_id, member.member_id)


def _pending_from_row(row: sqlite3.Row) -> Pending:
    return Pending(
        member=member_of(row),
        key=row["key"],
        value=load_object(row["value"]),
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
    )


def _write_from_row(row: sqlite3.Row) -> LastWrite:
    return LastWrite(member=member_of(row), value=load_object(row["value"]), at=from_db(row["at"]))


class SqliteConversationState(SqlitePart):
    async def put_pending(
        self, member: MemberKey, key: str, value: Mapping[str, Any], *, expires_at: datetime
    ) -> Pending:
        rows = await self._db.all(
            "INSERT INTO pending (channel, chat_id, member_id, key, value, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (channel, chat_id, member_id, key) DO UPDATE SET"
            " value = excluded.value, created_at = excluded.created_at,"
            " expires_at = excluded.expires_at RETURNING *",
            (
                *_member_params(member),
                key,
                dump_json(value),
                to_db(self._now()),
                to_db(expires_at),
            ),
        )
        return _pending_from_row(rows[0])

    async def get_pending(self, member: MemberKey, key: str) -> Pending | None:
        row = await self._db.one(
            f"SELECT * FROM pending WHERE {_MEMBER} AND key = ? AND expires_at > ?",
            (*_member_params(member), key, to_db(self._now())),
        )
        return _pending_from_row(row) if row else None

    async def pop_pending(self, member: MemberKey, key: str) -> Pending | None:
        # One DELETE … RETURNING: the row goes to exactly one caller, in any process.
        row = await self._db.one(
            f"DELETE FROM pending WHERE {_MEMBER} AND key = ? RETURNING *",
            (*_member_params(member), key),
        )
        if row is None:
            return None
        pending = _pending_from_row(row)
        return pending if pending.expires_at > self._now() else None

    async def record_last_write(
        self, member: MemberKey, value: Mapping[str, Any], *, at: datetime | None = None
    ) -> LastWrite:
        rows = await self._db.all(
            "INSERT INTO last_writes (channel, chat_id, member_id, value, at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id, member_id) DO UPDATE SET"
            " value = excluded.value, at = excluded.at RETURNING *",
            (*_member_params(member), dump_json(value), to_db(at or self._now())),
        )
        return _write_from_row(rows[0])

    async def take_last_write(
        self, member: MemberKey, *, not_before: datetime
    ) -> LastWrite | None:
        row = await self._db.one(
            f"DELETE FROM last_writes WHERE {_MEMBER} AND at >= ? RETURNING *",
            (*_member_params(member), to_db(not_before)),
        )
        return _write_from_row(row) if row else None
