"""The "Tidsregistrering" box: when a preschool or fritids child is there, day by day.

Each child has a weekly base schedule; a guardian's change to a day is stored
as its own row, which is exactly what `hub state` lists. Lock rules differ per
group: ordinary groups take changes up to and including the day itself, the
grundsärskola fritids group (taxi bookings) locks each day when it begins.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from bot.clock import Clock
from bot.sandbox import closures, directory, errors
from bot.sandbox.dates import (
    hhmm,
    local_iso,
    monday_of,
    now_stamp,
    parse_day,
    parse_hhmm,
    today,
    unstamp,
)
from bot.sandbox.directory import Account, Child, Group
from bot.sandbox.errors import HubRefusal

HORIZON = timedelta(weeks=52)
MAX_REPEAT_WEEKS = 52


def timereg_id(child_id: int, day: date) -> int:
    """A stable id per child and day that says which child and day it is."""
    return child_id * 100_000_000 + int(day.strftime("%Y%m%d"))


def decode_timereg_id(value: object) -> tuple[int, date] | None:
    try:
        number = int(str(value).strip())
        child_id, ymd = divmod(number, 100_000_000)
        return child_id, date(ymd // 10000, ymd // 100 % 100, ymd % 100)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Times:
    """What a day says: times, or on leave, and the guardian's comment."""

    start: str | None
    end: str | None
    on_leave: bool
    comment: str | None


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    times: Times
    entered_id: int | None
    locked: bool
    closed_reason: str | None
    can_edit: bool
    can_edit_comment: bool
    teacher_comment: sqlite3.Row | None
    group: Group


def _group(conn: sqlite3.Connection, child: Child) -> Group:
    group = directory.timereg_group(conn, child.id)
    if group is None:
        raise HubRefusal(errors.NOT_FOUND, "Barnet har ingen tidsregistrering.")
    return group


def base_times(conn: sqlite3.Connection, child_id: int, day: date) -> Times:
    row = conn.execute(
        "SELECT start_time, end_time FROM base_schedule WHERE child_id = ? AND weekday = ?",
        (child_id, day.weekday()),
    ).fetchone()
    if row is None:
        return Times(None, None, False, None)
    return Times(row["start_time"], row["end_time"], False, None)


def _entered(conn: sqlite3.Connection, child_id: int, day: date) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM time_regs WHERE child_id = ? AND date = ?", (child_id, day.isoformat())
    ).fetchone()
    return row


def is_locked(group: Group, day: date, now_day: date) -> bool:
    if group.locks_day_before:
        return day <= now_day
    return day < now_day


def day_view(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, group: Group, day: date
) -> Day:
    row = _entered(conn, child.id, day)
    times = (
        Times(row["start_time"], row["end_time"], bool(row["on_leave"]), row["comment"])
        if row is not None
        else base_times(conn, child.id, day)
    )
    now_day = today(clock)
    locked = is_locked(group, day, now_day)
    reason = closures.closed_reason(conn, group.id, day)
    if reason is not None and row is None:
        times = Times(None, None, False, None)
    teacher = conn.execute(
        "SELECT * FROM day_comments WHERE child_id = ? AND date = ?", (child.id, day.isoformat())
    ).fetchone()
    return Day(
        day=day,
        times=times,
        entered_id=row["id"] if row is not None else None,
        locked=locked,
        closed_reason=reason,
        can_edit=account.is_guardian and not locked and reason is None,
        can_edit_comment=account.is_guardian and day >= now_day,
        teacher_comment=teacher,
        group=group,
    )


def _midnight(day: date) -> str:
    """Dates as the Hub's .NET serialiser writes them: `2025-01-24T00:00:00` (strax-hacks)."""
    return f"{day.isoformat()}T00:00:00"


def _wire(child: Child, view: Day) -> dict[str, Any]:
    """One day; strings are never null (spacecakes reads `schoolClosedReason` as a str,
    strax-hacks `comment` as an optional str and `commentId` as an int), opening
    times are date-times (lib_smilingschool-dart)."""
    iso = view.day.isoformat()
    times = view.times
    teacher = view.teacher_comment
    has_teacher = teacher is not None
    return {
        "timeRegistrationId": timereg_id(child.id, view.day),
        "date": _midnight(view.day),
        "startDateTime": f"{iso}T{times.start}:00" if times.start and not times.on_leave else None,
        "endDateTime": f"{iso}T{times.end}:00" if times.end and not times.on_leave else None,
        "onLeave": times.on_leave,
        "isLocked": view.locked,
        "isSchoolClosed": view.closed_reason is not None,
        "schoolClosedReason": view.closed_reason or "",
        "canEdit": view.can_edit,
        "hasUnreadComments": teacher is not None and bool(teacher["unread"]),
        "hasComments": has_teacher or bool(times.comment),
        "canEditComment": view.can_edit_comment,
        "schoolOpeningTime": f"{iso}T{view.group.opening_time}:00",
        "schoolClosingTime": f"{iso}T{view.group.closing_time}:00",
        "comment": times.comment or "",
        "commentChanged": False,
        "commentId": view.entered_id if times.comment and view.entered_id else 0,
        "registrationType": "TimeReg",
    }


def week(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, body: dict[str, Any]
) -> dict[str, Any]:
    """GetTimeRegistrations: the Monday–Sunday week of `date` (default: this week),
    as strax-hacks' sample shows it; Saturday and Sunday come closed ("Helg", designed)."""
    group = _group(conn, child)
    now_day = today(clock)
    asked = parse_day(body.get("date")) or now_day
    monday = monday_of(asked)
    show_next = str(body.get("shownextweekifnomoreschooldays", "")).lower() == "true"
    if show_next and monday == monday_of(now_day):
        remaining = [
            monday + timedelta(days=i)
            for i in range(5)
            if monday + timedelta(days=i) >= now_day
            and closures.closed_reason(conn, group.id, monday + timedelta(days=i)) is None
        ]
        if not remaining:
            monday += timedelta(weeks=1)
    days = [
        _wire(child, day_view(conn, clock, account, child, group, monday + timedelta(days=i)))
        for i in range(7)
    ]
    return {
        "startDate": _midnight(monday),
        "endDate": _midnight(monday + timedelta(days=6)),
        "days": days,
    }


# -- saving -------------------------------------------------------------------------------------


def _sent_day(child: Child, raw: dict[str, Any]) -> date:
    """The day a sent day object is about (keys lower-cased), checked against the child."""
    day = parse_day(raw.get("date")) or parse_day(raw.get("startdatetime"))
    if day is None:
        raise HubRefusal(errors.INVALID, "Varje dag behöver ett datum.")
    if raw.get("timeregistrationid") not in (None, "", 0, "0"):
        decoded = decode_timereg_id(raw.get("timeregistrationid"))
        if decoded is None or decoded != (child.id, day):
            raise HubRefusal(errors.INVALID, "Dagen hör inte till det valda barnet.")
    return day


def _wanted(day: date, raw: dict[str, Any], current: Times) -> Times:
    """The times a sent day object asks for."""
    on_leave = str(raw.get("onleave", False)).lower() in ("true", "1")
    start = _clock_time(raw.get("startdatetime"), day)
    end = _clock_time(raw.get("enddatetime"), day)
    comment = current.comment
    if str(raw.get("iscommentupdated", False)).lower() in ("true", "1"):
        comment = str(raw.get("commenttext") or "").strip() or None
    if on_leave:
        start = end = None
    return Times(start, end, on_leave, comment)


def _clock_time(value: object, day: date) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    stated = parse_day(text) if len(text) > 5 else None
    if stated is not None and stated != day:
        raise HubRefusal(errors.INVALID, "Tiden hör till en annan dag.")
    parsed = parse_hhmm(text)
    if parsed is None:
        raise HubRefusal(errors.INVALID, "Tiden ska skrivas som TT:MM.")
    return hhmm(parsed)


def _check_times(view: Day, wanted: Times, now_day: date) -> None:
    day = view.day
    if view.closed_reason is not None:
        if day.weekday() >= 5:
            raise HubRefusal(errors.SCHOOL_CLOSED, "Det går inte att registrera tider en helg.")
        raise HubRefusal(
            errors.SCHOOL_CLOSED, f"Verksamheten är stängd den dagen ({view.closed_reason})."
        )
    if view.locked:
        if view.group.locks_day_before and day >= now_day:
            raise HubRefusal(
                errors.LOCKED,
                f"Tiderna för {day.isoformat()} är låsta; de kan ändras senast dagen innan.",
            )
        raise HubRefusal(errors.LOCKED, f"Tiderna för {day.isoformat()} är låsta.")
    if not view.can_edit:
        raise HubRefusal(errors.LOCKED, "Dagen går inte att ändra.")
    if day > now_day + HORIZON:
        raise HubRefusal(errors.OUT_OF_RANGE, "Tider kan läggas in högst ett år framåt.")
    if wanted.on_leave:
        return
    if (wanted.start is None) != (wanted.end is None):
        raise HubRefusal(errors.INVALID, "Ange både lämning och hämtning.")
    if wanted.start is None or wanted.end is None:
        return
    if wanted.start >= wanted.end:
        raise HubRefusal(errors.INVALID, "Hämtningen måste vara efter lämningen.")
    opening, closing = view.group.opening_time, view.group.closing_time
    if wanted.start < opening or wanted.end > closing:
        raise HubRefusal(
            errors.OUTSIDE_OPENING_HOURS,
            f"{view.group.name} har öppet {opening}–{closing}.",
        )


def _store(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, day: date, t: Times
) -> None:
    conn.execute(
        "INSERT INTO time_regs(child_id, date, start_time, end_time, on_leave, comment,"
        " entered_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(child_id, date) DO UPDATE SET start_time = excluded.start_time,"
        " end_time = excluded.end_time, on_leave = excluded.on_leave, comment = excluded.comment,"
        " entered_by = excluded.entered_by, updated_at = excluded.updated_at",
        (
            child.id,
            day.isoformat(),
            t.start,
            t.end,
            int(t.on_leave),
            t.comment,
            account.id,
            now_stamp(clock),
        ),
    )


def _same_times(a: Times, b: Times) -> bool:
    return (a.start, a.end, a.on_leave) == (b.start, b.end, b.on_leave)


def save(
    conn: sqlite3.Connection,
    clock: Clock,
    account: Account,
    child: Child,
    days: list[dict[str, Any]],
    series: dict[str, Any] | None,
) -> dict[str, Any]:
    """SaveTimeRegistrations: all changed days or none; unchanged days are passed over."""
    if not account.is_guardian:
        raise HubRefusal(errors.ACCESS_DENIED, "Bara vårdnadshavare kan ändra tider.")
    group = _group(conn, child)
    now_day = today(clock)
    repeat = _repeat_weeks(series)
    plan: list[tuple[date, Times]] = []
    sent: list[tuple[date, Times]] = []
    for raw in days:
        if not isinstance(raw, dict):
            raise HubRefusal(errors.INVALID, "Dagarna ska skickas som objekt.")
        lowered = {str(k).lower(): v for k, v in raw.items()}
        day = _sent_day(child, lowered)
        view = day_view(conn, clock, account, child, group, day)
        wanted = _wanted(day, lowered, view.times)
        sent.append((day, wanted))
        if _same_times(wanted, view.times):
            if wanted.comment != view.times.comment:
                if not view.can_edit_comment:
                    raise HubRefusal(errors.LOCKED, "Kommentaren för dagen går inte att ändra.")
                plan.append((day, wanted))
            continue
        _check_times(view, wanted, now_day)
        plan.append((day, wanted))
    for week_no in range(1, repeat):
        for day, wanted in sent:
            target = day + timedelta(weeks=week_no)
            view = day_view(conn, clock, account, child, group, target)
            if view.locked or view.closed_reason is not None or target > now_day + HORIZON:
                continue
            copied = replace(wanted, comment=view.times.comment)
            if not _same_times(copied, view.times):
                plan.append((target, copied))
    for day, wanted in plan:
        _store(conn, clock, account, child, day, wanted)
    return {"success": True, "notifications": []}


def _repeat_weeks(series: object) -> int:
    if series in (None, "", "null"):
        return 1
    if not isinstance(series, dict):
        raise HubRefusal(errors.INVALID, "Okänd upprepning.")
    lowered = {str(k).lower(): v for k, v in series.items()}
    try:
        weeks = int(str(lowered.get("repeatweeks", 1)))
    except ValueError:
        raise HubRefusal(errors.INVALID, "Antalet veckor ska vara ett heltal.") from None
    if not 1 <= weeks <= MAX_REPEAT_WEEKS:
        raise HubRefusal(errors.INVALID, f"Upprepa 1–{MAX_REPEAT_WEEKS} veckor.")
    return weeks


# -- comments -----------------------------------------------------------------------------------


def comments(
    conn: sqlite3.Connection, clock: Clock, account: Account, child: Child, day_text: object
) -> dict[str, Any]:
    group = _group(conn, child)
    day = parse_day(day_text)
    if day is None:
        raise HubRefusal(errors.INVALID, "Ange datum som ÅÅÅÅ-MM-DD.")
    view = day_view(conn, clock, account, child, group, day)
    row = _entered(conn, child.id, day)
    teacher = view.teacher_comment
    if teacher is not None and account.is_guardian and teacher["unread"]:
        conn.execute(
            "UPDATE day_comments SET unread = 0 WHERE child_id = ? AND date = ?",
            (child.id, day.isoformat()),
        )
    past = day < today(clock)
    checked = past and not view.times.on_leave and view.closed_reason is None
    author = directory.account_by_id(conn, row["entered_by"]) if row is not None else None
    first_guardian = next(iter(directory.guardians_of(conn, child.id)), None)
    pickup_name = first_guardian.display_name if first_guardian and checked else None
    # strax-hacks' schema: the two comments and names may be null, every other text is a
    # string (empty when there is nothing), and parentCommentId a positive int or null.
    return {
        "date": _midnight(day),
        "teacherComment": teacher["teacher_comment"] if teacher else None,
        "teacherName": teacher["teacher_name"] if teacher else None,
        "teacherCommentDate": local_iso(unstamp(teacher["created_at"])) if teacher else "",
        "userComment": view.times.comment,
        "userName": author.display_name if author and view.times.comment else None,
        "userCommentDate": (
            local_iso(unstamp(row["updated_at"])) if row is not None and row["comment"] else ""
        ),
        "checkedIn": (view.times.start or "") if checked else "",
        "checkedOut": (view.times.end or "") if checked else "",
        "canEdit": view.can_edit,
        "timesLockedBySchool": view.locked,
        "parentCommentId": row["id"] if row is not None and row["comment"] else None,
        "checkInUserDisplayName": (pickup_name or "") if view.times.start else "",
        "checkOutUserDisplayName": (pickup_name or "") if view.times.end else "",
        "canEditComment": view.can_edit_comment,
    }


def save_comment(
    conn: sqlite3.Connection,
    clock: Clock,
    account: Account,
    child: Child,
    timereg_ref: object,
    text: object,
) -> dict[str, Any]:
    """SaveComment (form): the comment of the day `timeRegistrationId` names."""
    if not account.is_guardian:
        raise HubRefusal(errors.ACCESS_DENIED, "Bara vårdnadshavare kan kommentera.")
    group = _group(conn, child)
    decoded = decode_timereg_id(timereg_ref)
    if decoded is None or decoded[0] != child.id:
        raise HubRefusal(errors.INVALID, "Dagen hör inte till det valda barnet.")
    day = decoded[1]
    view = day_view(conn, clock, account, child, group, day)
    if not view.can_edit_comment:
        raise HubRefusal(errors.LOCKED, "Kommentaren för dagen går inte att ändra.")
    comment = str(text or "").strip() or None
    _store(conn, clock, account, child, day, replace(view.times, comment=comment))
    return {"success": True, "notifications": []}
