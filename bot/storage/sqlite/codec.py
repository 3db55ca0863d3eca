"""How values look in SQLite columns.

Times are UTC ISO text with a fixed width, so comparing the strings in SQL
compares the moments. JSON is compact text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.storage.models import ChatKey, JsonObject, MemberKey


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the store only takes timezone-aware datetimes")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def opt_from_db(text: str | None) -> datetime | None:
    return from_db(text) if text is not None else None


def dump_json(value: Mapping[str, Any] | list[Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def load_object(text: str | None) -> JsonObject:
    if not text:
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def chat_of(row: sqlite3.Row) -> ChatKey:
    return ChatKey(row["channel"], row["chat_id"])


def member_of(row: sqlite3.Row) -> MemberKey:
    return MemberKey(row["channel"], row["chat_id"], row["member_id"])
