"""A copy of everything kept about one chat member (GDPR article 15), read table by table.

The same tables "glöm mig" deletes from, read instead. Secrets are named, never
copied: a refresh token is "kept, encrypted, rotated N times", a state is its
purpose and times. Values are returned as stored (the transcript is already
masked), so the copy is exactly what the bot keeps.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from bot.storage.models import SMS_CHANNEL, MemberKey
from bot.storage.sqlite.part import SqlitePart
from bot.storage.sqlite.sms import number_from_row

# table -> (columns to copy, whether rows are the person's own in a group or the chat's)
_MEMBER_TABLES: dict[str, tuple[str, ...]] = {
    "chat_links": (
        "channel", "chat_id", "member_id", "hub_account_id", "hub_login_hint", "role",
        "language", "preferences", "active", "created_at", "last_seen_at",
    ),
    "conversation_log": ("at", "direction", "text", "intent", "slots", "flags"),
    "jobs": ("kind", "payload", "run_at", "state", "created_at", "updated_at"),
    "pending": ("key", "value", "created_at", "expires_at"),
    "last_writes": ("value", "at"),
    "link_states": ("purpose", "created_at", "expires_at", "used_at"),
    "support_tickets": (
        "hub_account_id", "children", "schools", "last_messages", "state", "created_at",
        "answered_at", "answered_by", "closed_at",
    ),
}  # fmt: skip
# Rows that belong to the whole chat: the person's own only in a private chat.
_CHAT_TABLES: dict[str, tuple[str, ...]] = {
    "outbox": ("payload", "state", "created_at", "updated_at"),
    "link_failures": ("at",),
    "takeover_claims": ("staff_name", "claimed_at"),
    "console_chat_facts": ("schools", "learned_at"),
    "push_reported": ("key", "at"),
    # Which staff role opened or took over the chat, and when.
    "console_audit": ("at", "role", "action"),
}
# An SMS chat's own tables (keyed by chat_id alone: the channel is always SMS).
SMS_TABLES = ("sms_numbers", "sms_sent")
_JSON_COLUMNS = frozenset({"preferences", "slots", "flags", "payload", "value", "children",
                           "schools", "last_messages"})  # fmt: skip


def _value(column: str, value: Any) -> Any:
    if column in _JSON_COLUMNS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _rows(rows: list[sqlite3.Row], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{c: _value(c, row[c]) for c in columns} for row in rows]


class SqliteExport(SqlitePart):
    async def export_member(self, member: MemberKey) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        # A private chat is the person's own: every row of it. In a group, the person's rows.
        key: tuple[str, ...] = (member.channel, member.chat_id)
        where = "channel = ? AND chat_id = ?"
        if not member.is_private:
            key, where = (*key, member.member_id), where + " AND member_id = ?"
        for table, columns in _MEMBER_TABLES.items():
            rows = await self._db.all(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {where} ORDER BY rowid", key
            )
            found[table] = _rows(rows, columns)
        if member.is_private:
            for table, columns in _CHAT_TABLES.items():
                rows = await self._db.all(
                    f"SELECT {', '.join(columns)} FROM {table}"
                    " WHERE channel = ? AND chat_id = ? ORDER BY rowid",
                    key[:2],
                )
                found[table] = _rows(rows, columns)
        tokens = await self._db.all(
            "SELECT t.generation, t.updated_at FROM refresh_tokens t JOIN chat_links l"
            " ON l.id = t.link_id WHERE l." + where.replace(" AND ", " AND l."),
            key,
        )
        found["refresh_tokens"] = [
            {
                "kept": "the Hub login's refresh token, encrypted (not shown)",
                "rotations": row["generation"],
                "updated_at": row["updated_at"],
            }
            for row in tokens
        ]
        if member.channel == SMS_CHANNEL:
            found.update(await self._export_sms(member.chat_id))
        return found

    async def _export_sms(self, chat_id: str) -> dict[str, list[dict[str, Any]]]:
        """The number is the person's own: shown to them, decrypted only for this copy."""
        row = await self._db.one("SELECT * FROM sms_numbers WHERE chat_id = ?", (chat_id,))
        number = number_from_row(row, self._cipher) if row is not None else None
        sent = await self._db.all(
            "SELECT parts, status, at FROM sms_sent WHERE chat_id = ? ORDER BY rowid", (chat_id,)
        )
        numbers = []
        if number is not None:
            numbers.append(
                {
                    "number": number.number,
                    "stopped": number.stopped,
                    "failures": number.failures,
                    "created_at": number.created_at.isoformat(),
                    "last_seen_at": number.last_seen_at.isoformat(),
                }
            )
        found = {"sms_numbers": numbers, "sms_sent": _rows(sent, ("parts", "status", "at"))}
        assert set(found) == set(SMS_TABLES)
        return found
