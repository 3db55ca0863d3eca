"""How the schedule reads in a chat: one short line per day, changes grouped by value.

"mån 30 nov 07:30–16:00", "fre 4 dec Ledig", "ons 2 dec stängt (studiedag)",
"tis 1 dec – saknar tider". Longer stretches are grouped ("måndag 7 – fredag
11 december: 08:00–16:00") so a three-week repeat still fits on a phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time

from bot.conversation.errand import ErrandContext
from bot.handlers.schedule.model import ChildKey, week_number
from bot.handlers.schedule.rules import Skip, SkipReason, Write
from bot.hub.models import DayTimes, TimeRegistrationDay, TimeRegistrationWeek
from bot.i18n import format_day_list, format_day_short, format_time

# More days than this are grouped by value instead of listed one a line.
MAX_DAY_LINES = 7


def times_text(ctx: ErrandContext, start: time, end: time) -> str:
    return ctx._(
        "{start}–{end}", start=format_time(start, ctx.lang), end=format_time(end, ctx.lang)
    )


def value_text(ctx: ErrandContext, day: DayTimes) -> str:
    if day.on_leave:
        return ctx._("Day off")
    if day.start is not None and day.end is not None:
        return times_text(ctx, day.start, day.end)
    return ctx._("no times")


def hub_value_text(ctx: ErrandContext, day: TimeRegistrationDay) -> str:
    if day.is_school_closed:
        return closed_text(ctx, day.school_closed_reason)
    if day.on_leave:
        return ctx._("Day off")
    if day.start is not None and day.end is not None:
        return times_text(ctx, day.start, day.end)
    if day.editable:
        return ctx._("– no times yet")
    return "–"


def closed_text(ctx: ErrandContext, reason: str | None) -> str:
    if reason:
        return ctx._("closed ({reason})", reason=reason.lower())
    return ctx._("closed")


def day_line(ctx: ErrandContext, day: TimeRegistrationDay) -> str:
    """ "mån 30 nov 07:30–16:00"; a day that is locked although not yet over says so."""
    assert day.date is not None
    line = f"{format_day_short(day.date, ctx.lang)} {hub_value_text(ctx, day)}"
    if day.is_locked and not day.is_school_closed and day.date >= ctx.today:
        line = ctx._("{line} (locked)", line=line)
    return line


def week_block(
    ctx: ErrandContext,
    child: ChildKey,
    week: TimeRegistrationWeek,
    only: Sequence[date] | None = None,
) -> str:
    """The child's week under a heading; `only` limits it to the days asked about."""
    days = [d for d in week.days if d.date is not None and (only is None or d.date in only)]
    monday = week.start_date or (days[0].date if days and days[0].date else ctx.today)
    head = ctx._("{name}, week {week}:", name=child.name, week=week_number(monday))
    lines = [head, *(day_line(ctx, d) for d in days)]
    if only is not None:
        for weekend in sorted(d for d in only if d.weekday() >= 5):
            lines.append(f"{format_day_short(weekend, ctx.lang)} {closed_text(ctx, None)}")
    return "\n".join(lines)


def _grouped(ctx: ErrandContext, items: Iterable[tuple[date, str]]) -> list[str]:
    groups: dict[str, list[date]] = {}
    for day, value in items:
        groups.setdefault(value, []).append(day)
    return [f"• {format_day_list(days, ctx.lang)}: {value}" for value, days in groups.items()]


def changes_text(ctx: ErrandContext, items: Sequence[tuple[ChildKey, DayTimes]]) -> str:
    """What a confirmation lists: per child, each day (or, for many days, grouped by value)."""
    by_child: dict[ChildKey, list[DayTimes]] = {}
    for child, wanted in items:
        by_child.setdefault(child, []).append(wanted)
    parts: list[str] = []
    for child, days in by_child.items():
        days.sort(key=lambda d: d.day)
        parts.append(ctx._("For {name}:", name=child.name))
        if len(days) <= MAX_DAY_LINES:
            parts.extend(
                ctx._(
                    "• {day}: {value}",
                    day=format_day_short(d.day, ctx.lang),
                    value=value_text(ctx, d),
                )
                for d in days
            )
        else:
            parts.extend(_grouped(ctx, ((d.day, value_text(ctx, d)) for d in days)))
        for comment in sorted({d.comment for d in days if d.comment}):
            parts.append(ctx._("Comment to the staff: “{comment}”", comment=comment))
    return "\n".join(parts)


def writes_text(ctx: ErrandContext, writes: Sequence[Write]) -> str:
    return changes_text(ctx, [(w.child, w.wanted) for w in writes])


def stands_text(ctx: ErrandContext, days: Sequence[tuple[ChildKey, TimeRegistrationDay]]) -> str:
    """What the Hub now shows for the days concerned, per child."""
    by_child: dict[ChildKey, list[TimeRegistrationDay]] = {}
    for child, day in days:
        if day.date is not None:
            by_child.setdefault(child, []).append(day)
    parts: list[str] = []
    for child, items in by_child.items():
        items.sort(key=lambda d: d.date or ctx.today)
        parts.append(ctx._("For {name}:", name=child.name))
        if len(items) <= MAX_DAY_LINES:
            parts.extend(day_line(ctx, d) for d in items)
        else:
            parts.extend(
                _grouped(ctx, ((d.date, hub_value_text(ctx, d)) for d in items if d.date))
            )
    return "\n".join(parts)


def reason_text(ctx: ErrandContext, skip: Skip) -> str:
    if skip.reason == SkipReason.PASSED:
        return ctx._("has already passed")
    if skip.reason == SkipReason.DAY_BEFORE:
        return ctx._("locked: this group's times close the day before")
    if skip.reason == SkipReason.LOCKED:
        return ctx._("locked in the Hub")
    if skip.reason == SkipReason.CLOSED:
        return closed_text(ctx, skip.detail)
    if skip.reason == SkipReason.WEEKEND:
        return ctx._("weekend, closed")
    if skip.reason == SkipReason.HOURS and skip.opening and skip.closing:
        return ctx._(
            "outside the opening hours {hours}",
            hours=times_text(ctx, skip.opening, skip.closing),
        )
    if skip.reason == SkipReason.HOURS:
        return ctx._("outside the opening hours")
    return ctx._("no schedule that day")


def skips_text(ctx: ErrandContext, skips: Sequence[Skip], *, done: bool = False) -> str:
    """ "Hoppar över: • Elsa, måndag 23 – onsdag 25 november: har redan varit"."""
    if not skips:
        return ""
    several = len({s.child for s in skips}) > 1
    groups: dict[tuple[ChildKey, str], list[date]] = {}
    for skip in skips:
        groups.setdefault((skip.child, reason_text(ctx, skip)), []).append(skip.day)
    lines = [ctx._("Left as they were:") if done else ctx._("Days I leave alone:")]
    for (child, reason), days in groups.items():
        when = format_day_list(days, ctx.lang)
        if several:
            when = ctx._("{name}, {days}", name=child.name, days=when)
        lines.append(f"• {when}: {reason}")
    return "\n".join(lines)


def day_before_text(ctx: ErrandContext, children: Sequence[ChildKey]) -> str:
    if not children:
        return ""
    names = ", ".join(c.name for c in children)
    return ctx._(
        "Note: {names}'s times close at the end of the day before, so a day can be changed "
        "until the day before it, not on the day itself.",
        names=names,
    )
