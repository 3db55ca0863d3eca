"""Today at a glance: each child, and what the Hub says about today.

The answer to a greeting ("hej"): what a guardian most likely wants to know
first. Used by the unknown-message errand; no intent of its own.
"""

from __future__ import annotations

from bot.conversation.errand import ErrandContext
from bot.hub.errors import HubError, NotAvailableForChild
from bot.hub.models import AbsenceSpan, Child
from bot.i18n import format_day, format_time


def span_text(ctx: ErrandContext, span: AbsenceSpan | None) -> str:
    if span is None or span.part == "day":
        return ctx._("the whole day")
    if span.part == "morning":
        return ctx._("in the morning")
    if span.part == "afternoon":
        return ctx._("in the afternoon")
    if span.from_time and span.to_time:
        return ctx._(
            "{start}–{end}",
            start=format_time(span.from_time, ctx.lang),
            end=format_time(span.to_time, ctx.lang),
        )
    if span.to_time:
        return ctx._("until {time}", time=format_time(span.to_time, ctx.lang))
    assert span.from_time is not None
    return ctx._("from {time}", time=format_time(span.from_time, ctx.lang))


async def child_today(ctx: ErrandContext, child: Child) -> list[str]:
    lines: list[str] = []
    if ctx.is_student:
        return lines
    try:
        box = await ctx.hub.attendance(child)
        if box.absent_today:
            lines.append(
                ctx._(
                    "Absence reported today, {span}.",
                    span=span_text(ctx, box.absence_today_span),
                )
            )
    except NotAvailableForChild:
        pass
    if child.has("timeregistration"):
        try:
            week = await ctx.hub.time_registrations(child, ctx.today)
        except (NotAvailableForChild, HubError):
            week = None
        day = week.day(ctx.today) if week else None
        if day is not None:
            if day.is_school_closed:
                lines.append(ctx._("Closed today."))
            elif day.on_leave:
                lines.append(ctx._("Day off (Ledig) today."))
            elif day.start and day.end:
                lines.append(
                    ctx._(
                        "Times today: {start}–{end}.",
                        start=format_time(day.start, ctx.lang),
                        end=format_time(day.end, ctx.lang),
                    )
                )
            elif day.times_missing:
                lines.append(ctx._("No times registered for today."))
    return lines


async def overview(ctx: ErrandContext) -> str:
    children = await ctx.children()
    head = ctx._("Today, {day}:", day=format_day(ctx.today, ctx.lang))
    parts = [head]
    for child in children:
        facts = await child_today(ctx, child)
        status = " ".join(facts) if facts else ctx._("Nothing special registered.")
        parts.append(f"• {child.first_name}: {status}")
    return "\n".join(parts)
