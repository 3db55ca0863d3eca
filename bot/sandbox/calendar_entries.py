"""Calendar entries: events, homework, tests, hand-ins and closed days."""

from __future__ import annotations

import html
import sqlite3
from datetime import date
from typing import Any

from bot.clock import Clock
from bot.sandbox import directory, notifications
from bot.sandbox.dates import day_month, long_date, parse_day
from bot.sandbox.directory import Child, Group
from bot.sandbox.errors import MissingDates

EVENT, HOMEWORK, TEST, HAND_IN, CLOSED = 1, 2, 3, 4, 5

ENTRY_TYPES: tuple[dict[str, Any], ...] = (
    {"id": EVENT, "name": "Händelse", "colour": "#3b7dd8", "className": "event"},
    {"id": HOMEWORK, "name": "Läxa", "colour": "#2e9e5b", "className": "homework"},
    {"id": TEST, "name": "Prov", "colour": "#d8463b", "className": "test"},
    {"id": HAND_IN, "name": "Inlämning", "colour": "#e0a526", "className": "assignment"},
    {"id": CLOSED, "name": "Studiedag/lov", "colour": "#8a8a8a", "className": "holiday"},
)

SUBJECT_IDS = {
    "Svenska": 11,
    "Matematik": 12,
    "Engelska": 13,
    "NO": 14,
    "SO": 15,
    "Bild": 16,
    "Idrott och hälsa": 17,
    "Musik": 18,
    "Slöjd": 19,
}


def app_data() -> dict[str, Any]:
    return {"calendarEntryTypes": [{**t, "isCustomType": False} for t in ENTRY_TYPES]}


def _wire(row: sqlite3.Row) -> dict[str, Any]:
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    all_day = row["start_time"] is None
    start_clock = row["start_time"] or "00:00"
    end_clock = row["end_time"] or ("23:59" if all_day else start_clock)
    subject = row["subject"]
    text = row["text"] or ""
    return {
        "id": row["id"],
        "title": row["title"],
        "text": "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip()),
        "description": text,
        "calendarEntryTypeId": row["type_id"],
        "isAllDayEvent": all_day,
        "startDateFull": f"{start.isoformat()}T{start_clock}:00",
        "endDateFull": f"{end.isoformat()}T{end_clock}:00",
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "formattedStartDate": long_date(start),
        "formattedEndDate": long_date(end),
        "startTime": row["start_time"],
        "endTime": row["end_time"],
        "hasAttachments": False,
        "subjects": [{"id": SUBJECT_IDS.get(subject, 99), "title": subject}] if subject else [],
        "courses": [],
        "url": f"/calendarv2#eventId={row['id']}",
    }


def entries(
    conn: sqlite3.Connection, child: Child, start_text: object, end_text: object
) -> list[dict[str, Any]]:
    """getentries: both dates are required, as on the real Hub (else a 500)."""
    start, end = parse_day(start_text), parse_day(end_text)
    if start is None or end is None:
        raise MissingDates()
    groups = directory.groups_of_child(conn, child.id)
    group_ids = [g.id for g in groups] or [-1]
    school_ids = sorted({child.school_id, *(g.school_id for g in groups)})
    rows = conn.execute(
        f"SELECT * FROM calendar_entries WHERE start_date <= ? AND end_date >= ?"
        f" AND (group_id IN ({','.join('?' * len(group_ids))})"
        f" OR (group_id IS NULL AND school_id IN ({','.join('?' * len(school_ids))})))"
        " ORDER BY start_date, coalesce(start_time, ''), id",
        (end.isoformat(), start.isoformat(), *group_ids, *school_ids),
    )
    return [_wire(r) for r in rows]


def add_entry(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    group: Group,
    day: date,
    title: str,
    text: str = "",
    type_id: int = EVENT,
    start_time: str | None = None,
    end_time: str | None = None,
    subject: str | None = None,
    end_day: date | None = None,
    notify: bool = True,
) -> dict[str, Any]:
    entry_id = conn.execute(
        "INSERT INTO calendar_entries(group_id, title, text, type_id, start_date, end_date,"
        " start_time, end_time, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            group.id,
            title,
            text,
            type_id,
            day.isoformat(),
            (end_day or day).isoformat(),
            start_time,
            end_time,
            subject,
        ),
    ).lastrowid
    if notify:
        for child in directory.children_in_group(conn, group.id):
            notifications.notify(
                conn,
                clock,
                directory.readers_of(conn, child.id),
                child,
                app_type="CalendarV2",
                type_="CalendarEntryCreated",
                entity="CalendarEntry",
                title=title,
                subtitle=f"{group.name}, {day_month(day)}",
                subjects=subject or "",
                url=notifications.calendar_url(entry_id),
            )
    row = conn.execute("SELECT * FROM calendar_entries WHERE id = ?", (entry_id,)).fetchone()
    return _wire(row)
