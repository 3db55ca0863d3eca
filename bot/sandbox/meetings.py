"""Development talks: free slots per group, one booking per child and meeting."""

from __future__ import annotations

import sqlite3
from datetime import date, time, timedelta
from typing import Any

from bot.clock import Clock
from bot.sandbox import directory, errors, notifications
from bot.sandbox.dates import at, day_month, hhmm, now_stamp, today
from bot.sandbox.directory import Account, Child, Group
from bot.sandbox.errors import HubRefusal

TALK = "Utvecklingssamtal"


def _end(row: sqlite3.Row) -> str:
    start = at(date.fromisoformat(row["date"]), row["time_from"])
    return hhmm((start + timedelta(minutes=row["minutes"])).time())


def _slot_wire(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "availabilityId": row["id"],
        "date": row["date"],
        "timeFrom": row["time_from"],
        "timeRange": f"{row['time_from']}-{_end(row)}",
        "meetingType": row["meeting_type"],
        "location": row["location"],
        "meetingId": row["meeting_id"],
    }


def _group_ids(conn: sqlite3.Connection, child: Child) -> list[int]:
    return [g.id for g in directory.groups_of_child(conn, child.id)] or [-1]


def _starts(row: sqlite3.Row) -> Any:
    return at(date.fromisoformat(row["date"]), row["time_from"])


def availabilities(conn: sqlite3.Connection, clock: Clock, child: Child) -> dict[str, Any]:
    """Free slots ahead, for the groups the child belongs to."""
    ids = _group_ids(conn, child)
    rows = conn.execute(
        f"SELECT s.* FROM meeting_slots s LEFT JOIN meeting_bookings b ON b.slot_id = s.id"
        f" WHERE b.id IS NULL AND s.group_id IN ({','.join('?' * len(ids))}) AND s.date >= ?"
        " ORDER BY s.date, s.time_from, s.id",
        (*ids, today(clock).isoformat()),
    ).fetchall()
    free = [_slot_wire(r) for r in rows if _starts(r) > clock.now()]
    return {"totalCount": len(free), "totalPages": 1 if free else 0, "availabilities": free}


def book(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, slot_ref: object
) -> dict[str, Any]:
    if not account.is_guardian:
        raise HubRefusal(errors.ACCESS_DENIED, "Bara vårdnadshavare kan boka samtal.")
    ids = _group_ids(conn, child)
    row = conn.execute(
        f"SELECT * FROM meeting_slots WHERE id = ? AND group_id IN ({','.join('?' * len(ids))})",
        (_int(slot_ref), *ids),
    ).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Tiden finns inte.")
    if _starts(row) <= clock.now():
        raise HubRefusal(errors.OUT_OF_RANGE, "Tiden har redan varit.")
    if conn.execute("SELECT 1 FROM meeting_bookings WHERE slot_id = ?", (row["id"],)).fetchone():
        raise HubRefusal(errors.ALREADY_BOOKED, "Tiden är redan bokad.")
    mine = conn.execute(
        "SELECT s.date, s.time_from FROM meeting_bookings b JOIN meeting_slots s"
        " ON s.id = b.slot_id WHERE b.child_id = ? AND s.meeting_id = ?",
        (child.id, row["meeting_id"]),
    ).fetchone()
    if mine is not None:
        raise HubRefusal(
            errors.ALREADY_BOOKED,
            f"{child.first_name} har redan en tid {mine['date']} {mine['time_from']}.",
        )
    booking_id = conn.execute(
        "INSERT INTO meeting_bookings(slot_id, child_id, booked_by, created_at)"
        " VALUES (?, ?, ?, ?)",
        (row["id"], child.id, account.id, now_stamp(clock)),
    ).lastrowid
    return {"success": True, "bookingId": booking_id}


def bookings(conn: sqlite3.Connection, child: Child) -> dict[str, Any]:
    rows = conn.execute(
        "SELECT s.*, b.id AS booking_id, a.first_name || ' ' || a.last_name AS booked_by_name"
        " FROM meeting_bookings b JOIN meeting_slots s ON s.id = b.slot_id"
        " JOIN accounts a ON a.id = b.booked_by WHERE b.child_id = ? ORDER BY s.date, s.time_from",
        (child.id,),
    )
    return {
        "bookings": [
            {
                "bookingId": r["booking_id"],
                **_slot_wire(r),
                "bookedByName": r["booked_by_name"],
            }
            for r in rows
        ]
    }


def cancel(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, booking_ref: object
) -> dict[str, Any]:
    if not account.is_guardian:
        raise HubRefusal(errors.ACCESS_DENIED, "Bara vårdnadshavare kan avboka samtal.")
    row = conn.execute(
        "SELECT s.*, b.id AS booking_id FROM meeting_bookings b"
        " JOIN meeting_slots s ON s.id = b.slot_id WHERE b.id = ? AND b.child_id = ?",
        (_int(booking_ref), child.id),
    ).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Bokningen finns inte.")
    if _starts(row) <= clock.now():
        raise HubRefusal(errors.LOCKED, "Samtalet har redan börjat eller varit.")
    conn.execute("DELETE FROM meeting_bookings WHERE id = ?", (row["booking_id"],))
    return {"success": True}


def add_slot(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    group: Group,
    day: date,
    start: time,
    minutes: int = 30,
    location: str | None = None,
    teacher: Account | None = None,
    notify: bool = True,
) -> dict[str, Any]:
    if minutes <= 0 or minutes > 240:
        raise HubRefusal(errors.INVALID, "Ett samtal är 1–240 minuter.")
    slot_id = conn.execute(
        "INSERT INTO meeting_slots(group_id, meeting_id, teacher_id, date, time_from, minutes,"
        " meeting_type, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            group.id,
            meeting_id_for(group.id),
            teacher.id if teacher else None,
            day.isoformat(),
            hhmm(start),
            minutes,
            TALK,
            location or group.name,
        ),
    ).lastrowid
    if notify:
        for child in directory.children_in_group(conn, group.id):
            notifications.notify(
                conn,
                clock,
                directory.guardians_of(conn, child.id),
                child,
                app_type="Meeting",
                type_="MeetingAvailabilityAdded",
                entity="Meeting",
                title="Ny tid för utvecklingssamtal",
                subtitle=f"{group.name}, {day_month(day)} {hhmm(start)}",
                url=notifications.meeting_url(),
            )
    row = conn.execute("SELECT * FROM meeting_slots WHERE id = ?", (slot_id,)).fetchone()
    return _slot_wire(row)


def meeting_id_for(group_id: int) -> int:
    """One talk round per group in the sandbox."""
    return group_id * 100 + 1


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise HubRefusal(errors.INVALID, "Ogiltigt id.") from None
