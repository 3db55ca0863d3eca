"""`hub state`: what guardians (or the bot for them) entered, and nothing seeded.

The shape is fixed by shared/spec/cli-contract.md; outside checks compare it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

SPAN_NAMES = {"day": "full_day", "morning": "morning", "afternoon": "afternoon"}


def _span(row: sqlite3.Row) -> str | dict[str, str | None]:
    if row["span"] == "range":
        return {"from": row["from_time"], "to": row["to_time"]}
    return SPAN_NAMES.get(row["span"] or "day", "full_day")


def guardian_state(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    absences = [
        {
            "child": r["child"],
            "date": r["date"],
            "span": _span(r),
            "comment": r["comment"],
            "reported_by": r["login"],
        }
        for r in conn.execute(
            "SELECT t.*, c.first_name AS child, a.login FROM attendance t"
            " JOIN children c ON c.id = t.child_id JOIN accounts a ON a.id = t.registered_by"
            " WHERE t.kind = 'reported' AND t.seeded = 0 AND a.role = 'guardian'"
            " ORDER BY c.first_name, t.date, t.id"
        )
    ]
    leave_requests = [
        {
            "child": r["child"],
            "from": r["start_date"],
            "to": r["end_date"],
            "status": str(r["status"]).lower(),
            "reported_by": r["login"],
        }
        for r in conn.execute(
            "SELECT l.*, c.first_name AS child, a.login FROM leave_requests l"
            " JOIN children c ON c.id = l.child_id JOIN accounts a ON a.id = l.created_by"
            " WHERE l.seeded = 0 ORDER BY c.first_name, l.start_date, l.id"
        )
    ]
    time_registrations = [
        {
            "child": r["child"],
            "date": r["date"],
            "from": None if r["on_leave"] else r["start_time"],
            "to": None if r["on_leave"] else r["end_time"],
            "on_leave": bool(r["on_leave"]),
            "comment": r["comment"],
        }
        for r in conn.execute(
            "SELECT t.*, c.first_name AS child FROM time_regs t"
            " JOIN children c ON c.id = t.child_id ORDER BY c.first_name, t.date"
        )
    ]
    meeting_bookings = [
        {
            "child": r["child"],
            "date": r["date"],
            "time": r["time_from"],
            "booked_by": r["login"],
        }
        for r in conn.execute(
            "SELECT s.date, s.time_from, c.first_name AS child, a.login FROM meeting_bookings b"
            " JOIN meeting_slots s ON s.id = b.slot_id JOIN children c ON c.id = b.child_id"
            " JOIN accounts a ON a.id = b.booked_by ORDER BY c.first_name, s.date, s.time_from"
        )
    ]
    return {
        "absences": absences,
        "leave_requests": leave_requests,
        "time_registrations": time_registrations,
        "meeting_bookings": meeting_bookings,
    }
