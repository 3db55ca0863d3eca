"""The "Frånvaro" box: absence today or tomorrow, the attendance list, leave requests.

Guardians report; students may only look. Absence for today locks at the
school's cut-off. Staff-registered marks (invalid absence, late arrival) share
the same list, because a guardian sees them side by side on the real Hub.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from bot.clock import Clock
from bot.sandbox import attendance_texts, closures, directory, errors, notifications
from bot.sandbox.dates import (
    at,
    day_month,
    hhmm,
    long_date,
    now_stamp,
    parse_day,
    parse_hhmm,
    today,
)
from bot.sandbox.directory import Account, Child
from bot.sandbox.errors import HubRefusal

MORNING = ("08:10", "11:50")
AFTERNOON = ("12:40", "14:30")
SCHOOL_START = "08:10"
LEAVE_HORIZON = timedelta(days=365)
LIST_URL = "/Attendance/Attendance/GetAttendanceList"

REPORTED = "reported"
INVALID_ABSENCE = "invalid"
LATE = "late"
VALID_ABSENCE = "valid"

TYPE_NAMES = {
    REPORTED: "Anmäld frånvaro",
    INVALID_ABSENCE: "Ogiltig frånvaro",
    LATE: "Sen ankomst",
    VALID_ABSENCE: "Giltig frånvaro",
}
REASONS = {
    REPORTED: "Anmäld av vårdnadshavare",
    INVALID_ABSENCE: "Ej anmäld",
    LATE: "",
    VALID_ABSENCE: "Beviljad ledighet",
}
SPAN_LABELS = {"day": "Heldag", "morning": "Förmiddag", "afternoon": "Eftermiddag"}


@dataclass(frozen=True, slots=True)
class Span:
    """How much of a day: "day", "morning", "afternoon" or "range" with from/to."""

    kind: str
    from_time: str | None = None
    to_time: str | None = None

    def wire(self) -> str | dict[str, str | None]:
        if self.kind == "range":
            return {"from": self.from_time, "to": self.to_time}
        return self.kind

    def label(self) -> str:
        if self.kind == "range":
            return f"{self.from_time or ''}–{self.to_time or ''}"
        return SPAN_LABELS[self.kind]

    def covers(self, start: str, end: str) -> bool:
        if self.kind == "day":
            return True
        if self.kind == "morning":
            return (start, end) == MORNING
        if self.kind == "afternoon":
            return (start, end) == AFTERNOON
        lo, hi = self.from_time or "00:00", self.to_time or "23:59"
        return lo < end and hi > start


def _span(row: sqlite3.Row) -> Span:
    return Span(row["span"] or "day", row["from_time"], row["to_time"])


def _relative_day(clock: Clock, word: object) -> date:
    text = str(word or "").strip().lower()
    if text == "today":
        return today(clock)
    if text == "tomorrow":
        return today(clock) + timedelta(days=1)
    raise HubRefusal(errors.OUT_OF_RANGE, "Frånvaro kan bara anmälas för idag eller i morgon.")


def _cutoff(conn: sqlite3.Connection, child: Child) -> str:
    return directory.main_group(conn, child.id).absence_cutoff


def _today_locked(conn: sqlite3.Connection, clock: Clock, child: Child) -> bool:
    return clock.now() >= at(today(clock), _cutoff(conn, child))


def _is_preschool(conn: sqlite3.Connection, child: Child) -> bool:
    return directory.main_group(conn, child.id).kind == "preschool"


def _closed(conn: sqlite3.Connection, child: Child, day: date) -> str | None:
    return closures.closed_reason(conn, directory.main_group(conn, child.id).id, day)


def _reported(conn: sqlite3.Connection, child: Child, day: date) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM attendance WHERE child_id = ? AND date = ? AND kind = ?",
        (child.id, day.isoformat(), REPORTED),
    ).fetchone()
    return row


def _require_guardian(account: Account) -> None:
    if not account.is_guardian:
        raise HubRefusal(
            errors.ACCESS_DENIED, "Bara vårdnadshavare kan anmäla frånvaro och ledighet."
        )


# -- the box ------------------------------------------------------------------------------------


def _sessions(conn: sqlite3.Connection, child: Child, row: sqlite3.Row | None) -> list[Any]:
    if _is_preschool(conn, child):
        return []
    span = _span(row) if row is not None else None
    return [
        {
            "title": title,
            "formattedTimeString": f"{start}–{end}",
            "isAbsent": bool(span and span.covers(start, end)),
        }
        for title, (start, end) in (("Förmiddag", MORNING), ("Eftermiddag", AFTERNOON))
    ]


def app_data(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child
) -> dict[str, Any]:
    day_today = today(clock)
    day_tomorrow = day_today + timedelta(days=1)
    row_today, row_tomorrow = (
        _reported(conn, child, day_today),
        _reported(conn, child, day_tomorrow),
    )
    locked = _today_locked(conn, clock, child)
    preschool = _is_preschool(conn, child)
    guardian = account.is_guardian
    open_today = _closed(conn, child, day_today) is None
    open_tomorrow = _closed(conn, child, day_tomorrow) is None
    return {
        "absentToday": row_today is not None,
        "absentTomorrow": row_tomorrow is not None,
        "absenceTodayDate": midnight(day_today),
        "absenceTomorrowDate": midnight(day_tomorrow),
        "absenceTodayComment": row_today["comment"] if row_today else None,
        "absenceTomorrowComment": row_tomorrow["comment"] if row_tomorrow else None,
        "absenceTodayLocked": locked,
        "absenceTomorrowLocked": False,
        "absenceTodaySessions": _sessions(conn, child, row_today),
        "absenceTomorrowSessions": _sessions(conn, child, row_tomorrow),
        "absenceTodaySpan": _span(row_today).wire() if row_today else None,
        "absenceTomorrowSpan": _span(row_tomorrow).wire() if row_tomorrow else None,
        "absenceCutoffTime": _cutoff(conn, child),
        "canRegisterDayAbsence": guardian,
        "canRegisterSessionAbsence": guardian,
        "canRegisterSession": guardian and not preschool,
        "canAddSicknessToday": guardian and not locked and open_today,
        "canAddSicknessTomorrow": guardian and open_tomorrow,
        "autoConfirmAbsence": True,
        "isPlaySchool": preschool,
        "isParent": guardian,
        "canRequestLeave": guardian,
        "hasLeaveLicence": True,
        "hasLeaveTwoGuardiansLicence": False,
        "isOnlyOneGuardianRegistered": len(directory.guardians_of(conn, child.id)) == 1,
        "isOver18Pupil": False,
        "showComment": True,
        "showSubjects": not preschool,
        "showFilter": False,
        "isIcelandic": False,
        "leaveRequests": leave_list(conn, child),
        "pagedList": attendance_list(conn, child),
        "translations": attendance_texts.app_data_translations(),
        "urls": {
            "registerAttendance": "/attendance/attendance/registerAttendance",
            "registerSessionAttendance": "/attendance/attendance/registerSessionAttendance",
            "saveAbsenceComment": "/attendance/attendance/saveAbsenceComment",
            "createLeaveRequest": "/attendance/attendance/createLeaveRequest",
            "getLeaveRequestList": "/attendance/attendance/GetLeaveRequestList",
            "deleteLeaveRequest": "/attendance/attendance/deleteLeaveRequest",
            "setSecondaryStatus": "/attendance/attendance/SetSecondaryStatus",
            "getAttendanceList": LIST_URL,
        },
    }


# -- reporting ----------------------------------------------------------------------------------


def parse_span(body: dict[str, Any]) -> Span:
    """RegType day, or session with partOfDay or fromTime/toTime (docs/hub-api.md)."""
    reg_type = str(body.get("regtype") or "day").lower()
    if reg_type == "day":
        return Span("day")
    if reg_type != "session":
        raise HubRefusal(errors.INVALID, "Okänd typ av frånvaro.")
    part = str(body.get("partofday") or "").lower()
    if part in ("morning", "afternoon"):
        return Span(part)
    if part in ("day", "full_day"):
        return Span("day")
    raw_from, raw_to = body.get("fromtime"), body.get("totime")
    from_time = parse_hhmm(raw_from) if raw_from not in (None, "") else None
    to_time = parse_hhmm(raw_to) if raw_to not in (None, "") else None
    if (raw_from not in (None, "") and from_time is None) or (
        raw_to not in (None, "") and to_time is None
    ):
        raise HubRefusal(errors.INVALID, "Tiden ska skrivas som TT:MM.")
    if from_time is None and to_time is None:
        raise HubRefusal(errors.INVALID, "Ange förmiddag, eftermiddag eller tider.")
    if from_time is not None and to_time is not None and from_time >= to_time:
        raise HubRefusal(errors.INVALID, "Frånvaron måste sluta efter att den börjar.")
    return Span(
        "range",
        hhmm(from_time) if from_time else None,
        hhmm(to_time) if to_time else None,
    )


def register(
    conn: sqlite3.Connection,
    clock: Clock,
    account: Account,
    child: Child,
    body: dict[str, Any],
) -> dict[str, Any]:
    """registerAttendance; `body` keys are lower-cased. present:true undoes the day."""
    _require_guardian(account)
    day = _relative_day(clock, body.get("day"))
    if day == today(clock) and _today_locked(conn, clock, child):
        raise HubRefusal(
            errors.LOCKED,
            f"Frånvaro för idag kan inte ändras efter klockan {_cutoff(conn, child)}.",
        )
    present = _truthy(body.get("present"))
    if present:
        conn.execute(
            "DELETE FROM attendance WHERE child_id = ? AND date = ? AND kind = ?",
            (child.id, day.isoformat(), REPORTED),
        )
        return {"success": True}
    reason = _closed(conn, child, day)
    if reason is not None:
        raise HubRefusal(
            errors.SCHOOL_CLOSED, f"{child.school_name} har stängt {long_date(day)} ({reason})."
        )
    span = parse_span(body)
    raw_comment = body.get("comment")
    existing = _reported(conn, child, day)
    comment = (
        str(raw_comment).strip() or None
        if raw_comment is not None
        else (existing["comment"] if existing else None)
    )
    conn.execute(
        "INSERT INTO attendance(child_id, date, kind, span, from_time, to_time, comment,"
        " registered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(child_id, date) WHERE kind = 'reported' DO UPDATE SET"
        " span = excluded.span, from_time = excluded.from_time, to_time = excluded.to_time,"
        " comment = excluded.comment, registered_by = excluded.registered_by,"
        " created_at = excluded.created_at",
        (
            child.id,
            day.isoformat(),
            REPORTED,
            span.kind,
            span.from_time,
            span.to_time,
            comment,
            account.id,
            now_stamp(clock),
        ),
    )
    row = _reported(conn, child, day)
    assert row is not None
    others = [g for g in directory.guardians_of(conn, child.id) if g.id != account.id]
    notifications.notify(
        conn,
        clock,
        others,
        child,
        app_type="Attendance",
        type_="AbsenceReported",
        entity="Attendance",
        title="Frånvaro anmäld",
        subtitle=f"{child.display_name}, {day_month(day)}, {span.label()}",
        url=notifications.attendance_url(row["id"]),
    )
    return {"success": True}


def save_comment(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, body: dict[str, Any]
) -> dict[str, Any]:
    _require_guardian(account)
    day = _relative_day(clock, body.get("day"))
    if day == today(clock) and _today_locked(conn, clock, child):
        raise HubRefusal(errors.LOCKED, "Frånvaron för idag är låst.")
    row = _reported(conn, child, day)
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Det finns ingen frånvaroanmälan den dagen.")
    comment = str(body.get("comment") or "").strip() or None
    conn.execute("UPDATE attendance SET comment = ? WHERE id = ?", (comment, row["id"]))
    return {"success": True}


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


# -- the list -----------------------------------------------------------------------------------


def midnight(day: date) -> str:
    return f"{day.isoformat()}T00:00:00"


def _item(row: sqlite3.Row, school_name: str) -> dict[str, Any]:
    """One list row as lib_smilingschool-dart reads it: `shortDate` a date-time, `time`
    HH:mm or null, `minutes` a string; heinrisch's names (`dateString`, `lessonName`,
    `registrationTypeName`, `startTime`) alongside."""
    day = date.fromisoformat(row["date"])
    kind = row["kind"]
    span = _span(row)
    start = row["from_time"]
    if kind == REPORTED:
        time_text = span.from_time if span.kind == "range" else None
        half_days = {"day": 2, "morning": 1, "afternoon": 1}.get(span.kind, 0)
    elif row["lesson"] or start:
        time_text = start
        half_days = 0
    else:
        time_text = None
        half_days = 2
    lesson = row["lesson"] or ""
    return {
        "id": row["id"],
        "shortDate": midnight(day),
        "longDate": long_date(day),
        "dateString": day.isoformat(),
        "time": time_text,
        "startTime": start,
        "minutes": str(row["minutes"] or 0),
        "reason": REASONS.get(kind, ""),
        "registrationTypeName": TYPE_NAMES.get(kind, kind),
        "subject": lesson or (span.label() if kind == REPORTED else ""),
        "lessonName": lesson,
        "comment": row["comment"] or "",
        "registeredByName": row["registered_by_name"] or "",
        "establishmentName": school_name,
        "halfDaysCount": half_days,
    }


def attendance_list(
    conn: sqlite3.Connection, child: Child, page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """GetAttendanceList and appData's `pagedList`: lib_smilingschool-dart's `AttendanceList`."""
    page, page_size = max(page, 1), max(min(page_size, 200), 1)
    total = conn.execute(
        "SELECT count(*) FROM attendance WHERE child_id = ?", (child.id,)
    ).fetchone()[0]
    rows = conn.execute(
        "SELECT t.*, a.first_name || ' ' || a.last_name AS registered_by_name FROM attendance t"
        " LEFT JOIN accounts a ON a.id = t.registered_by WHERE t.child_id = ?"
        " ORDER BY t.date DESC, t.id DESC LIMIT ? OFFSET ?",
        (child.id, page_size, (page - 1) * page_size),
    )
    items = [_item(r, child.school_name) for r in rows]
    return {
        "items": items,
        "translations": attendance_texts.list_translations(),
        "headers": attendance_texts.list_headers(),
        "filters": {"translations": {"apply": None, "clear": None}, "filters": []},
        "allItemIds": None,
        "itemUrl": None,
        "listUrl": LIST_URL,
        "page": page,
        "pageSize": page_size,
        "totalItems": total,
        "more": page * page_size < total,
    }


def attendance_item(conn: sqlite3.Connection, record_id: int) -> dict[str, Any]:
    row = conn.execute(
        "SELECT t.*, a.first_name || ' ' || a.last_name AS registered_by_name, s.name AS school"
        " FROM attendance t LEFT JOIN accounts a ON a.id = t.registered_by"
        " JOIN children c ON c.id = t.child_id JOIN schools s ON s.id = c.school_id"
        " WHERE t.id = ?",
        (record_id,),
    ).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Posten finns inte.")
    return _item(row, row["school"])


def add_staff_record(
    conn: sqlite3.Connection,
    clock: Clock,
    staff: Account | None,
    child: Child,
    *,
    day: date,
    kind: str,
    arrival_or_start: time | None = None,
    lesson: str | None = None,
    notify: bool = True,
    seeded: bool = False,
) -> dict[str, Any]:
    """An invalid absence or a late arrival, as a teacher registers it."""
    if kind == LATE:
        arrival = arrival_or_start or time(8, 25)
        late_by = at(day, hhmm(arrival)) - at(day, SCHOOL_START)
        minutes = max(int(late_by.total_seconds() // 60), 1)
        start: str | None = hhmm(arrival)
    elif kind == INVALID_ABSENCE:
        start = hhmm(arrival_or_start) if arrival_or_start else None
        minutes = 60 if (start or lesson) else 0
    else:
        start, minutes = None, 0
    record_id = conn.execute(
        "INSERT INTO attendance(child_id, date, kind, from_time, minutes, lesson, registered_by,"
        " seeded, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            child.id,
            day.isoformat(),
            kind,
            start,
            minutes,
            lesson,
            staff.id if staff else None,
            int(seeded),
            now_stamp(clock),
        ),
    ).lastrowid
    assert record_id is not None
    item = attendance_item(conn, record_id)
    if notify:
        notifications.notify(
            conn,
            clock,
            directory.guardians_of(conn, child.id),
            child,
            app_type="Attendance",
            type_="InvalidAbsence" if kind == INVALID_ABSENCE else "LateArrival",
            entity="Attendance",
            title=TYPE_NAMES[kind],
            subtitle=", ".join(
                part for part in (child.display_name, day_month(day), lesson or start) if part
            ),
            subjects=lesson or "",
            url=notifications.attendance_url(record_id),
        )
    return item


# -- leave requests -----------------------------------------------------------------------------


def _leave_item(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "startDate": row["start_date"],
        "endDate": row["end_date"],
        "status": row["status"],
        "comment": row["comment"],
        "createdByName": row["created_by_name"],
        "fullDay": bool(row["full_day"]),
    }


_LEAVE_SELECT = (
    "SELECT l.*, a.first_name || ' ' || a.last_name AS created_by_name FROM leave_requests l"
    " JOIN accounts a ON a.id = l.created_by"
)


def leave_list(conn: sqlite3.Connection, child: Child) -> list[dict[str, Any]]:
    """GetLeaveRequestList answers a bare list (lib_smilingschool-dart)."""
    rows = conn.execute(
        f"{_LEAVE_SELECT} WHERE l.child_id = ? ORDER BY l.start_date DESC, l.id DESC", (child.id,)
    )
    return [_leave_item(r) for r in rows]


def create_leave(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, body: dict[str, Any]
) -> dict[str, Any]:
    _require_guardian(account)
    start, end = parse_day(body.get("startdate")), parse_day(body.get("enddate"))
    if start is None:
        raise HubRefusal(errors.INVALID, "Ange första dagen som ÅÅÅÅ-MM-DD.")
    end = end or start
    if end < start:
        raise HubRefusal(errors.INVALID, "Sista dagen kan inte vara före den första.")
    if start < today(clock):
        raise HubRefusal(errors.OUT_OF_RANGE, "Ledighet kan inte sökas för dagar som varit.")
    if end > today(clock) + LEAVE_HORIZON:
        raise HubRefusal(errors.OUT_OF_RANGE, "Ledighet kan sökas högst ett år framåt.")
    full_day = body.get("fullday")
    leave_id = conn.execute(
        "INSERT INTO leave_requests(child_id, start_date, end_date, comment, full_day, created_by,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            child.id,
            start.isoformat(),
            end.isoformat(),
            str(body.get("comment") or "").strip(),
            1 if full_day is None else int(_truthy(full_day)),
            account.id,
            now_stamp(clock),
        ),
    ).lastrowid
    return {"success": True, "id": leave_id}


def delete_leave(
    conn: sqlite3.Connection, account: Account, child: Child, leave_id: object
) -> dict[str, Any]:
    _require_guardian(account)
    row = conn.execute(
        "SELECT * FROM leave_requests WHERE id = ? AND child_id = ?",
        (_int(leave_id), child.id),
    ).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Ansökan finns inte.")
    if row["status"] != "Pending":
        raise HubRefusal(errors.LOCKED, "En ansökan som är beslutad kan inte tas bort.")
    conn.execute("DELETE FROM leave_requests WHERE id = ?", (row["id"],))
    return {"success": True}


def decide_leave(
    conn: sqlite3.Connection, clock: Clock, leave_id: int, status: str
) -> dict[str, Any]:
    wanted = {"approved": "Approved", "rejected": "Rejected"}.get(status.strip().lower())
    if wanted is None:
        raise HubRefusal(errors.INVALID, "Beslutet ska vara Approved eller Rejected.")
    row = conn.execute(f"{_LEAVE_SELECT} WHERE l.id = ?", (leave_id,)).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Ansökan finns inte.")
    conn.execute("UPDATE leave_requests SET status = ? WHERE id = ?", (wanted, leave_id))
    child = directory.child_by_id(conn, row["child_id"])
    creator = directory.account_by_id(conn, row["created_by"])
    if creator is not None and child is not None:
        notifications.notify(
            conn,
            clock,
            [creator],
            child,
            app_type="Attendance",
            type_="LeaveRequestUpdated",
            entity="LeaveRequest",
            title="Ledighetsansökan har uppdaterats",
            subtitle=f"{child.display_name}, {row['start_date']}–{row['end_date']}",
            url=notifications.leave_request_url(leave_id),
        )
    row = conn.execute(f"{_LEAVE_SELECT} WHERE l.id = ?", (leave_id,)).fetchone()
    return _leave_item(row)


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise HubRefusal(errors.INVALID, "Ogiltigt id.") from None
