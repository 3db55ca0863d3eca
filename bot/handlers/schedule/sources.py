"""Where repeated and copied times come from: a week as the Hub shows it.

The Hub cannot copy a child's week to a sibling, and its own repeat skips
locked days silently, so the errand turns the source week into concrete days
itself and plans them like any other change (each skipped day named).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.conversation.errand import ErrandContext
from bot.handlers.schedule.model import ChildKey, as_wanted, monday_of
from bot.hub.models import DayTimes, TimeRegistrationWeek


async def default_week(ctx: ErrandContext, child: ChildKey) -> TimeRegistrationWeek:
    """This week, or next week once this school week is over (the Hub's own rule)."""
    today = ctx.today
    next_monday = monday_of(today) + timedelta(weeks=1)
    if today.weekday() >= 5:
        return await ctx.hub.time_registrations(child.switch_id, next_monday)
    week = await ctx.hub.time_registrations(child.switch_id, today)
    if any(d.date is not None and d.date >= today and not d.is_school_closed for d in week.days):
        return week
    return await ctx.hub.time_registrations(child.switch_id, next_monday)


def repeated_days(
    source: TimeRegistrationWeek, only: Sequence[date], weeks_after: int
) -> tuple[DayTimes, ...]:
    """The source week's times (or Ledig) on the same weekdays of the following weeks."""
    days: list[DayTimes] = []
    for day in source.days:
        if day.date is None or (only and day.date not in only) or day.is_school_closed:
            continue
        wanted = as_wanted(day)
        if wanted is None:
            continue
        for k in range(1, weeks_after + 1):
            target = day.date + timedelta(weeks=k)
            days.append(DayTimes(target, wanted.start, wanted.end, wanted.on_leave))
    return tuple(sorted(days, key=lambda d: d.day))


def copied_days(
    weeks: Sequence[TimeRegistrationWeek], dates: Sequence[date]
) -> tuple[DayTimes, ...]:
    """The source child's times (or Ledig) on the given days, as wishes for another child."""
    days: list[DayTimes] = []
    for when in sorted(set(dates)):
        for week in weeks:
            day = week.day(when)
            if day is None or day.is_school_closed:
                continue
            wanted = as_wanted(day)
            if wanted is not None:
                days.append(wanted)
    return tuple(days)
