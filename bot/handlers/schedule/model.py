"""The schedule errand's values: which child, which days, what each day should become.

They travel through stored prompts, queued jobs and undo records, so each has a
small JSON form; a change is always a concrete list of days, never a phrase to
be understood again later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from bot.hub.models import Child, DayTimes, TimeRegistrationDay

TIMEREG_APP = "timeregistration"
# The errand's name: stored prompts, queued jobs and undo records point back to it.
ERRAND_NAME = "schedule"
# The most weeks one repeat may fill.
MAX_REPEAT_WEEKS = 26


@dataclass(frozen=True, slots=True)
class ChildKey:
    """A child as the errand remembers it between messages: Hub id and first name."""

    switch_id: str
    name: str

    @classmethod
    def of(cls, child: Child) -> ChildKey:
        return cls(child.switch_id, child.first_name)

    def to_json(self) -> dict[str, str]:
        return {"id": self.switch_id, "name": self.name}

    @classmethod
    def from_json(cls, data: Any) -> ChildKey:
        return cls(str(data["id"]), str(data["name"]))


@dataclass(frozen=True, slots=True)
class ChildDays:
    """What one child's days should become."""

    child: ChildKey
    days: tuple[DayTimes, ...]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_number(day: date) -> int:
    return day.isocalendar().week


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(5)]


def _hhmm(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _time(value: Any) -> time | None:
    return None if value in (None, "") else time.fromisoformat(str(value))


def day_to_json(day: DayTimes) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "start": _hhmm(day.start),
        "end": _hhmm(day.end),
        "leave": day.on_leave,
        "comment": day.comment,
    }


def day_from_json(data: Any) -> DayTimes:
    comment = data.get("comment")
    return DayTimes(
        date.fromisoformat(str(data["date"])),
        _time(data.get("start")),
        _time(data.get("end")),
        bool(data.get("leave", False)),
        None if comment is None else str(comment),
    )


def changes_to_json(changes: Iterable[ChildDays]) -> list[dict[str, Any]]:
    return [
        {"child": c.child.to_json(), "days": [day_to_json(d) for d in c.days]} for c in changes
    ]


def changes_from_json(data: Any) -> list[ChildDays]:
    return [
        ChildDays(
            ChildKey.from_json(item["child"]),
            tuple(day_from_json(d) for d in item.get("days") or []),
        )
        for item in data or []
    ]


def merge(changes: Iterable[ChildDays]) -> list[ChildDays]:
    """One entry per child, days sorted, a later wish for a day replacing an earlier one."""
    by_child: dict[ChildKey, dict[date, DayTimes]] = {}
    for change in changes:
        days = by_child.setdefault(change.child, {})
        for day in change.days:
            days[day.day] = day
    return [
        ChildDays(child, tuple(days[d] for d in sorted(days)))
        for child, days in by_child.items()
        if days
    ]


def same_value(day: DayTimes, start: time | None, end: time | None, leave: bool) -> DayTimes:
    """`day` with another value but the same date and comment."""
    return DayTimes(day.day, start, end, leave, day.comment)


def as_wanted(day: TimeRegistrationDay, on: date | None = None) -> DayTimes | None:
    """What a Hub day says, as a wish for `on` (default: the same day); None if it says nothing."""
    target = on or day.date
    if target is None:
        return None
    if day.on_leave:
        return DayTimes.leave(target)
    if day.start is not None and day.end is not None and day.start < day.end:
        return DayTimes(target, day.start, day.end)
    return None


def restoring(day: TimeRegistrationDay, with_comment: bool) -> DayTimes | None:
    """The wish that puts a day back as it was (times, Ledig, or no times)."""
    if day.date is None:
        return None
    wanted = as_wanted(day) or DayTimes(day.date)
    if with_comment:
        return DayTimes(wanted.day, wanted.start, wanted.end, wanted.on_leave, day.comment or "")
    return wanted


def dates_of(changes: Sequence[ChildDays]) -> list[date]:
    return sorted({d.day for c in changes for d in c.days})
