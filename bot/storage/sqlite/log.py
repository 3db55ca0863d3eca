"""The conversation log: redacted on the way in, kept only for the retention time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.storage.models import ChatActivity, ChatKey, Direction, LogEntry
from bot.storage.redact import redact
from bot.storage.sqlite.codec import chat_of, dump_json, from_db, to_db
from bot.storage.sqlite.part import SqlitePart


def redact_slots(value: Any) -> Any:
    """Slots can carry free text (a comment for the school); mask it like the message."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {str(k): redact_slots(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_slots(v) for v in value]
    return value


def _entry_from_row(row: sqlite3.Row) -> LogEntry:
    slots = json.loads(row["slots"]) if row["slots"] is not None else None
    return LogEntry(
        id=row["id"],
        chat=chat_of(row),
        member_id=row["member_id"],
        at=from_db(row["at"]),
        direction=Direction(row["direction"]),
        text=row["text"],
        intent=row["intent"],
        slots=slots if isinstance(slots, dict) else None,
        flags=tuple(json.loads(row["flags"] or "[]")),
    )


class SqliteLog(SqlitePart):
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
        rows = await self._db.all(
            "INSERT INTO conversation_log (channel, chat_id, member_id, at, direction, text,"
            " intent, slots, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                chat.channel,
                chat.chat_id,
                member_id,
                to_db(self._now()),
                Direction(direction).value,
                redact(text, sensitive_spans),
                intent,
                dump_json(redact_slots(slots)) if slots is not None else None,
                dump_json(list(flags)),
            ),
        )
        return _entry_from_row(rows[0])

    async def list_log(
        self, chat: ChatKey, *, limit: int = 50, before_id: int | None = None
    ) -> list[LogEntry]:
        rows = await self._db.all(
            "SELECT * FROM conversation_log WHERE channel = ? AND chat_id = ?"
            " AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
            (chat.channel, chat.chat_id, before_id, before_id, limit),
        )
        return [_entry_from_row(r) for r in rows]

    async def list_recent_chats(self, *, limit: int = 50) -> list[ChatActivity]:
        rows = await self._db.all(
            "SELECT channel, chat_id, MAX(at) AS last_at, COUNT(*) AS entries"
            " FROM conversation_log GROUP BY channel, chat_id"
            " ORDER BY last_at DESC, channel, chat_id LIMIT ?",
            (limit,),
        )
        return [
            ChatActivity(chat=chat_of(r), last_at=from_db(r["last_at"]), entries=r["entries"])
            for r in rows
        ]

    async def purge_log_older_than(self, cutoff: datetime) -> int:
        return await self._db.execute(
            "DELETE FROM conversation_log WHERE at < ?", (to_db(cutoff),)
        )
