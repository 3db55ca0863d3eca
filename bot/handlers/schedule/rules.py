"""The Hub's schedule rules, applied before anything is sent.

The Hub refuses a whole save when one day in it breaks a rule, so the errand
sorts the days first: what can be written, what is already so, and what must be
left alone and why (passed, locked, closed, outside opening hours). Planning is
pure; `read_weeks` is the only part that asks the Hub.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from bot.handlers.schedule.model import ChildDays, ChildKey, monday_of
from bot.hub.interface import HubClient
from bot.hub.models import DayTimes, TimeRegistrationDay, TimeRegistrationWeek

WeekKey = tuple[str, date]  # (child switch id, Monday)


class SkipReason(StrEnum):
    PASSED = "passed"
    DAY_BEFORE = "day_before"
    LOCKED = "locked"
    CLOSED = "closed"
    WEEKEND = "weekend"
    NO_DAY = "no_day"
    HOURS = "hours"


@dataclass(frozen=True, slots=True)
class Skip:
    child: ChildKey
    day: date
    reason: SkipReason
    # The closed day's reason ("Studiedag"), when there is one.
    detail: str | None = None
    opening: time | None = None
    closing: time | None = None


@dataclass(frozen=True, slots=True)
class Write:
    child: ChildKey
    wanted: DayTimes
    before: TimeRegistrationDay


@dataclass
class Plan:
    writes: list[Write] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    # Days that already are as asked: (child, the Hub's day).
    unchanged: list[tuple[ChildKey, TimeRegistrationDay]] = field(default_factory=list)
    # Children whose group closes each day's times at the end of the day before.
    day_before: list[ChildKey] = field(default_factory=list)

    def writes_by_week(self) -> list[tuple[ChildKey, date, list[Write]]]:
        groups: dict[tuple[ChildKey, date], list[Write]] = {}
        for write in self.writes:
            groups.setdefault((write.child, monday_of(write.wanted.day)), []).append(write)
        return [(child, monday, group) for (child, monday), group in groups.items()]

    @property
    def only_hours_refused(self) -> bool:
        """Nothing to do and at least one day refused for the opening hours alone."""
        return (
            not self.writes
            and any(s.reason == SkipReason.HOURS for s in self.skips)
            and all(s.reason in (SkipReason.HOURS, SkipReason.PASSED) for s in self.skips)
        )


def outside_hours(day: TimeRegistrationDay, wanted: DayTimes) -> bool:
    if wanted.on_leave or wanted.start is None or wanted.end is None:
        return False
    opening, closing = day.school_opening_time, day.school_closing_time
    return (opening is not None and wanted.start < opening) or (
        closing is not None and wanted.end > closing
    )


def _comment_same(day: TimeRegistrationDay, wanted: DayTimes) -> bool:
    return wanted.comment is None or (day.comment or "").strip() == wanted.comment.strip()


def skip_reason(
    day: TimeRegistrationDay | None, wanted: DayTimes, today: date
) -> SkipReason | None:
    """Why the Hub would refuse this day, or None when it may be written."""
    if day is None:
        return SkipReason.WEEKEND if wanted.day.weekday() >= 5 else SkipReason.NO_DAY
    if wanted.day < today:
        return SkipReason.PASSED
    if day.is_school_closed:
        return SkipReason.CLOSED
    if day.is_locked or not day.can_edit:
        # Ordinary groups take changes for today; a group that locks today closes the day before.
        return SkipReason.DAY_BEFORE if wanted.day == today else SkipReason.LOCKED
    if outside_hours(day, wanted):
        return SkipReason.HOURS
    return None


def closes_day_before(week: TimeRegistrationWeek | None, today: date) -> bool:
    """Today is locked although open: this group's times close at the end of the day before."""
    day = week.day(today) if week is not None else None
    return day is not None and not day.is_school_closed and day.is_locked


def plan_changes(
    changes: Sequence[ChildDays], weeks: Mapping[WeekKey, TimeRegistrationWeek], today: date
) -> Plan:
    plan = Plan()
    for change in changes:
        child = change.child
        if closes_day_before(weeks.get((child.switch_id, monday_of(today))), today):
            plan.day_before.append(child)
        for wanted in change.days:
            week = weeks.get((child.switch_id, monday_of(wanted.day)))
            day = week.day(wanted.day) if week is not None else None
            reason = skip_reason(day, wanted, today)
            if reason is not None:
                plan.skips.append(
                    Skip(
                        child,
                        wanted.day,
                        reason,
                        detail=day.school_closed_reason if day is not None else None,
                        opening=day.school_opening_time if day is not None else None,
                        closing=day.school_closing_time if day is not None else None,
                    )
                )
                continue
            assert day is not None
            if wanted.matches(day) and _comment_same(day, wanted):
                plan.unchanged.append((child, day))
            else:
                plan.writes.append(Write(child, wanted, day))
    return plan


async def read_weeks(
    hub: HubClient, changes: Sequence[ChildDays], today: date
) -> dict[WeekKey, TimeRegistrationWeek]:
    """Every week the changes touch, plus this week (it tells how the group locks)."""
    wanted: dict[WeekKey, None] = {}
    for change in changes:
        if today.weekday() < 5:
            wanted.setdefault((change.child.switch_id, monday_of(today)), None)
        for day in change.days:
            if day.day.weekday() < 5:
                wanted.setdefault((change.child.switch_id, monday_of(day.day)), None)
    return {
        (child_id, monday): await hub.time_registrations(child_id, monday)
        for child_id, monday in wanted
    }
