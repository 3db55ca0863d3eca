"""The sentences around a schedule write: what was done, what was left, what waits.

Shared by the conversation (answers) and the job runner (notices), so a change
made later reads exactly like one made at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.conversation.errand import ErrandContext
from bot.handlers.schedule.model import MAX_REPEAT_WEEKS, ChildDays, ChildKey, week_number
from bot.handlers.schedule.request import Request
from bot.handlers.schedule.rules import Plan, SkipReason
from bot.handlers.schedule.show import (
    changes_text,
    day_before_text,
    skips_text,
    stands_text,
    times_text,
)
from bot.handlers.schedule.write import WriteResult
from bot.hub.models import Child
from bot.i18n import format_day_list


def waiting_text(ctx: ErrandContext, changes: Sequence[ChildDays]) -> str:
    """Days still to be sent (or checked), per child: "Elsa: fredag 27 november"."""
    return "\n".join(
        ctx._(
            "• {name}: {days}",
            name=c.child.name,
            days=format_day_list([d.day for d in c.days], ctx.lang),
        )
        for c in changes
    )


def result_text(ctx: ErrandContext, result: WriteResult, *, later: bool = False) -> str:
    """After a write: what the Hub now shows, the days left alone, and any refusal."""
    parts: list[str] = []
    if later and result.stands:
        parts.append(
            ctx._("Done: the queued schedule change is now in the Hub. It shows:")
            + "\n"
            + stands_text(ctx, result.stands)
        )
    elif result.written:
        parts.append(ctx._("Done! The Hub now shows:") + "\n" + stands_text(ctx, result.stands))
    elif result.stands:
        parts.append(ctx._("The Hub already shows this:") + "\n" + stands_text(ctx, result.stands))
    for refusal in result.refused:
        parts.append(
            ctx._(
                "The Hub refused the change for {name} ({days}): {message}",
                name=refusal.child.name,
                days=format_day_list(refusal.days, ctx.lang),
                message=refusal.message,
            )
        )
    skipped = skips_text(ctx, result.skips, done=True)
    if skipped:
        parts.append(skipped)
    note = day_before_text(ctx, result.plan.day_before)
    if note:
        parts.append(note)
    if result.written:
        parts.append(ctx._("Write “ångra” within 10 minutes to change it back."))
    if not parts:
        parts.append(ctx._("Nothing was changed."))
    return "\n\n".join(parts)


def queued_text(ctx: ErrandContext) -> str:
    return ctx._(
        "The Hub is not answering right now, so nothing has been changed yet. I have saved the "
        "change and will make it as soon as the Hub answers; you will get a message when it "
        "is done."
    )


def later_text(ctx: ErrandContext, result: WriteResult) -> str:
    """Part of a write waits: the Hub stopped answering, or a save could not be seen."""
    parts: list[str] = []
    if result.unsent:
        parts.append(
            ctx._(
                "The Hub stopped answering before everything was saved. These days wait in the "
                "queue and I will tell you when they are done:"
            )
            + "\n"
            + waiting_text(ctx, result.unsent)
        )
    if result.uncertain:
        parts.append(
            ctx._(
                "I could not see whether the Hub saved these days. I will read the Hub again "
                "shortly and send only what is missing, never the same change twice:"
            )
            + "\n"
            + waiting_text(ctx, result.uncertain)
        )
    return "\n\n".join(parts)


def offer_queue_text(ctx: ErrandContext, changes: Sequence[ChildDays]) -> str:
    return (
        ctx._(
            "The Hub is not answering right now, so I cannot see which days can be changed. "
            "Shall I make this change as soon as it answers? Locked and closed days are then "
            "left alone, and I will tell you what was done."
        )
        + "\n"
        + changes_text(ctx, [(c.child, d) for c in changes for d in c.days])
    )


def gave_up_text(ctx: ErrandContext, changes: Sequence[ChildDays]) -> str:
    return (
        ctx._(
            "I could not make the queued schedule change: the Hub did not answer. Nothing more "
            "will be tried; please ask me again later. Still not done:"
        )
        + "\n"
        + waiting_text(ctx, changes)
    )


def no_schedule_text(ctx: ErrandContext, children: Sequence[Child]) -> str:
    names = ", ".join(c.first_name for c in children) or ctx._("this child")
    return ctx._(
        "The Hub has no preschool or fritids schedule for {names}, so there are no times "
        "to show or change.",
        names=names,
    )


def student_text(ctx: ErrandContext) -> str:
    return ctx._(
        "As a student you can see the fritids times but not change them; your guardian "
        "does that in the Hub."
    )


def times_problem_text(ctx: ErrandContext, request: Request) -> str | None:
    if request.windows:
        # an open end is filled from the Hub's day; a closed window must run forwards
        windows = [w for _, spans in request.windows for w in spans]
        if any(a is not None and b is not None and a >= b for a, b in windows):
            return ctx._("The pick-up time must be after the drop-off time.")
        return None
    if request.start is None or request.end is None:
        return ctx._(
            "Tell me both when the child arrives and when it is picked up, for example "
            "“7.30-16 on Monday”."
        )
    if request.start >= request.end:
        return ctx._("The pick-up time must be after the drop-off time.")
    return None


def too_many_weeks_text(ctx: ErrandContext) -> str:
    return ctx._(
        "I can change at most {n} weeks at a time. Please ask for fewer weeks.",
        n=MAX_REPEAT_WEEKS,
    )


def nothing_to_do_text(ctx: ErrandContext, plan: Plan, notes: Sequence[str]) -> str:
    parts = list(notes)
    hours = next(
        (s for s in plan.skips if s.opening and s.closing and s.reason == SkipReason.HOURS),
        None,
    )
    if plan.only_hours_refused and hours and hours.opening and hours.closing:
        parts.append(
            ctx._(
                "Those times are outside the opening hours: where {name} goes it is "
                "open {hours}. Please choose times within them.",
                name=hours.child.name,
                hours=times_text(ctx, hours.opening, hours.closing),
            )
        )
    elif plan.unchanged and not plan.skips:
        parts.append(
            ctx._("The Hub already shows this:") + "\n" + stands_text(ctx, plan.unchanged)
        )
    else:
        parts.append(ctx._("There is nothing I can change there."))
        if plan.unchanged:
            parts.append(
                ctx._("The Hub already shows this:") + "\n" + stands_text(ctx, plan.unchanged)
            )
        skipped = skips_text(ctx, plan.skips)
        if skipped:
            parts.append(skipped)
    note = day_before_text(ctx, plan.day_before)
    if note:
        parts.append(note)
    return "\n\n".join(parts)


def repeat_intro(ctx: ErrandContext, child: ChildKey, monday: date, weeks_after: int) -> str:
    week = week_number(monday)
    first = week_number(monday + timedelta(weeks=1))
    if weeks_after == 1:
        return ctx._(
            "I will repeat the times {name} has in week {week} for week {first}:",
            name=child.name,
            week=week,
            first=first,
        )
    return ctx._(
        "I will repeat the times {name} has in week {week} for week {first}–{last}:",
        name=child.name,
        week=week,
        first=first,
        last=week_number(monday + timedelta(weeks=weeks_after)),
    )
