"""Carrying out confirmed filings: write to the Hub, keep a job, or ask for leave.

Every outcome becomes one line for the reply and, when something changed, an
*effect*: structured data that says how to reverse it (for "ångra"). When the
Hub is away before a write is sent, the filing is kept as a job and the
guardian is told so; when a write's answer is lost, the Hub is read back
before anything is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.conversation.errand import ErrandContext
from bot.handlers.absence.jobs import FINAL, queue_leave, queue_register
from bot.handlers.absence.plan import (
    LATER,
    LEAVE,
    Filing,
    Which,
    span_to_json,
    which_day,
    within_reach,
)
from bot.handlers.absence.text import (
    capital,
    day_text,
    days_text,
    part_text,
    refused_text,
    when_text,
)
from bot.hub.errors import HubError, HubUnavailable, OutcomeUnknown, RateLimited, RuleRefused
from bot.hub.models import AttendanceBox

Effect = dict[str, Any]


@dataclass(slots=True)
class Done:
    lines: list[str] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    # Later days kept as jobs: the guardian may still turn them into a leave request.
    scheduled: list[Effect] = field(default_factory=list)

    def add(self, line: str, effect: Effect | None = None) -> None:
        self.lines.append(line)
        if effect is not None:
            self.effects.append(effect)


async def carry_out(ctx: ErrandContext, filings: list[Filing], *, key: str) -> Done:
    done = Done()
    for filing in filings:
        if filing.mode == LEAVE:
            await send_leave(ctx, filing, key, done)
        elif filing.mode == LATER and not within_reach(filing.start, ctx.today):
            await schedule(ctx, filing, key, done)
        else:
            await register_now(ctx, filing, key, done)
    return done


def _shows(box: AttendanceBox, which: Which, filing: Filing) -> bool:
    state = box.day(which)
    return state.absent and state.span == filing.span


async def register_now(ctx: ErrandContext, filing: Filing, key: str, done: Done) -> None:
    name, day = filing.name, filing.start
    if day < ctx.today:
        done.add(
            capital(
                ctx._("{day} has already passed, so I cannot report it.", day=day_text(ctx, day))
            )
        )
        return
    if not within_reach(day, ctx.today):
        await schedule(ctx, filing, key, done)
        return
    which = which_day(day, ctx.today)
    try:
        before = (await ctx.hub.attendance(filing.child)).day(which)
        if before.absent and before.span == filing.span:
            done.add(
                ctx._(
                    "{name} is already reported absent {day}, {span}.",
                    name=name,
                    day=day_text(ctx, day),
                    span=part_text(ctx, before.span),
                )
            )
            return
        box = await ctx.hub.register_absence(filing.child, day, filing.span)
    except (HubUnavailable, RateLimited):
        await _queue(ctx, filing, key, done, lost=False)
        return
    except OutcomeUnknown:
        # The client already looked once; one more look before a retry is even queued.
        try:
            looked: AttendanceBox | None = await ctx.hub.attendance(filing.child)
        except HubError:
            looked = None
        if looked is None or not _shows(looked, which, filing):
            await _queue(ctx, filing, key, done, lost=True)
            return
        box = looked
    except FINAL as exc:
        done.add(refused_text(ctx, exc, name, day))
        return
    state = box.day(which)
    done.add(
        ctx._(
            "Done: {name} is reported absent {day}, {span}.",
            name=name,
            day=day_text(ctx, day),
            span=part_text(ctx, state.span),
        ),
        {
            "kind": "absence",
            "filing": filing.to_json(),
            "prev": span_to_json(before.span) if before.absent and before.span else None,
        },
    )


async def _queue(ctx: ErrandContext, filing: Filing, key: str, done: Done, *, lost: bool) -> None:
    job = await queue_register(ctx, filing, key=key, auto=False)
    name, day = filing.name, day_text(ctx, filing.start)
    if lost:
        line = ctx._(
            "I got no clear answer from the Hub about {name} {day}. I will check the Hub before"
            " trying again, so nothing is sent twice, and tell you how it went.",
            name=name,
            day=day,
        )
    else:
        line = ctx._(
            "The Hub is not answering right now. I have saved the absence for {name} {day} and"
            " will send it as soon as the Hub answers; I will tell you when it is done.",
            name=name,
            day=day,
        )
    done.add(line, {"kind": "job", "job": job.id, "filing": filing.to_json()})


async def schedule(ctx: ErrandContext, filing: Filing, key: str, done: Done) -> None:
    job = await queue_register(ctx, filing, key=key, auto=True)
    effect = {"kind": "job", "job": job.id, "filing": filing.to_json()}
    done.add(
        ctx._(
            "{name} {day}, {span}: I will report it automatically {when} and tell you when it is"
            " done.",
            name=filing.name,
            day=day_text(ctx, filing.start),
            span=part_text(ctx, filing.span),
            when=when_text(ctx, job.run_at),
        ),
        effect,
    )
    done.scheduled.append(effect)


async def send_leave(ctx: ErrandContext, filing: Filing, key: str, done: Done) -> None:
    name, days = filing.name, days_text(ctx, filing.days)
    try:
        request = await ctx.hub.create_leave_request(filing.child, filing.start, filing.end)
    except (HubUnavailable, RateLimited, OutcomeUnknown):
        # The job reads the Hub's list first, so a request that did arrive is not sent twice.
        job = await queue_leave(ctx, filing, key=key)
        done.add(
            ctx._(
                "The Hub is not answering right now. I have saved the leave request for {name},"
                " {days}, and will send it as soon as the Hub answers; I will tell you when it"
                " is done.",
                name=name,
                days=days,
            ),
            {"kind": "leave_job", "job": job.id, "filing": filing.to_json()},
        )
        return
    except FINAL as exc:
        reason = exc.message if isinstance(exc, RuleRefused) else ""
        done.add(
            ctx._(
                "The Hub did not accept the leave request for {name}, {days}. {reason}",
                name=name,
                days=days,
                reason=reason,
            ).strip()
        )
        return
    done.add(
        ctx._(
            "Done: leave request sent for {name}, {days}. The school decides on it; the Hub"
            " shows it as pending until then.",
            name=name,
            days=days,
        ),
        {"kind": "leave", "id": str(request.id), "filing": filing.to_json()},
    )


__all__ = ["Done", "Effect", "carry_out", "register_now", "schedule", "send_leave"]
