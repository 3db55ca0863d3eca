"""Days a group is closed (studiedag, planeringsdag) and the weekend."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from bot.sandbox.directory import Group


def closed_reason(conn: sqlite3.Connection, group_id: int, day: date) -> str | None:
    if day.weekday() >= 5:
        return "Helg"
    row = conn.execute(
        "SELECT reason FROM closed_days WHERE group_id = ? AND date = ?",
        (group_id, day.isoformat()),
    ).fetchone()
    return None if row is None else str(row[0])


def close_day(conn: sqlite3.Connection, group: Group, day: date, reason: str) -> dict[str, Any]:
    conn.execute(
        "INSERT INTO closed_days(group_id, date, reason) VALUES (?, ?, ?)"
        " ON CONFLICT(group_id, date) DO UPDATE SET reason = excluded.reason",
        (group.id, day.isoformat(), reason),
    )
    return {"group": group.name, "groupId": group.id, "date": day.isoformat(), "reason": reason}
