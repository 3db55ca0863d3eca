"""Absences that wait: filings for a later day, and writes the Hub could not take just now.

Both are rows in the job table, so they survive a restart. A job always reads
the Hub before it writes: an earlier try may have gone through with its answer
lost, and a second report is worse than a late one. The guardian is told how it
ended through `deps.notify`, also when it failed for good.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, NoReturn

from bot.conversation.errand import ErrandContext, context_for_member
from bot.handlers.absence.plan import Filing, filing_time, which_day
from bot.handlers.absence.text import day_text, days_text, part_text, refused_text
from bot.hub.errors import (
    AccessDenied,
    HubError,
    HubUnavailable,
    LoginRequired,
    NotAvailableForChild,
    OutcomeUnknown,
    RateLimited,
    RuleRefused,
)
from bot.jobs.runner import GiveUp, RetryLater
from bot.storage.models import Job, JobState, MemberKey

if TYPE_CHECKING:
    from bot.conversation.deps import Deps

log = logging.getLogger(__name__)

REGISTER = "absence.register"
LEAVE = "absence.leave"
KINDS = (REGISTER, LEAVE)
# With the queue's backoff (30 s doubling to 30 min) this keeps trying for about a day.
MAX_ATTEMPTS = 50

# Failures that end a job at once: retrying cannot change the Hub's mind.
FINAL = (RuleRefused, NotAvailableForChild, AccessDenied, LoginRequired)
# Failures worth another try later: the Hub was away, or its answer was lost.
TRANSIENT = (HubUnavailable, RateLimited, OutcomeUnknown)


def job_member(job: Job) -> MemberKey:
    if job.chat is None:
        raise GiveUp("an absence job without a chat")
    return job.chat.member(job.member_id)


async def queue_register(ctx: ErrandContext, filing: Filing, *, key: str, auto: bool) -> Job:
    """Keep an absence to file: at the evening before (`auto`) or as soon as the Hub answers."""
    run_at = filing_time(filing.start, ctx.now) if auto else ctx.now
    if not auto:
        ctx.flags.add("errand_queued")
    await _replace_pending(ctx, filing)
    queued = await ctx.store.add_job(
        REGISTER,
        {**filing.to_json(), "auto": auto},
        run_at=run_at,
        idempotency_key=f"{REGISTER}:{key}:{filing.child}:{filing.start.isoformat()}",
        chat=ctx.member.chat,
        member_id=ctx.member.member_id,
        max_attempts=MAX_ATTEMPTS,
    )
    return queued.item


async def queue_leave(ctx: ErrandContext, filing: Filing, *, key: str) -> Job:
    ctx.flags.add("errand_queued")
    queued = await ctx.store.add_job(
        LEAVE,
        filing.to_json(),
        run_at=ctx.now,
        idempotency_key=(
            f"{LEAVE}:{key}:{filing.child}:{filing.start.isoformat()}:{filing.end.isoformat()}"
        ),
        chat=ctx.member.chat,
        member_id=ctx.member.member_id,
        max_attempts=MAX_ATTEMPTS,
    )
    return queued.item


async def pending_jobs(ctx: ErrandContext) -> list[tuple[Job, Filing]]:
    """This member's absence jobs that have not run yet, with what each would file."""
    out: list[tuple[Job, Filing]] = []
    for kind in KINDS:
        jobs = await ctx.store.list_jobs(
            chat=ctx.member.chat, kind=kind, states=(JobState.PENDING,)
        )
        for job in jobs:
            if job.member_id != ctx.member.member_id:
                continue
            try:
                out.append((job, Filing.from_json(dict(job.payload))))
            except (KeyError, ValueError):
                log.warning("absence job %s has an unreadable payload", job.id)
    return out


async def _replace_pending(ctx: ErrandContext, filing: Filing) -> None:
    """A new answer for a child and day replaces a filing still waiting for it."""
    for job, waiting in await pending_jobs(ctx):
        if job.kind == REGISTER and (waiting.child, waiting.start) == (
            filing.child,
            filing.start,
        ):
            await ctx.store.cancel_job(job.id)


# -- running ------------------------------------------------------------------------------------


async def _context(deps: Deps, job: Job) -> tuple[ErrandContext, Filing]:
    ctx = await context_for_member(deps, job_member(job))
    if ctx is None:
        raise GiveUp("the chat is no longer linked")
    try:
        filing = Filing.from_json(dict(job.payload))
    except (KeyError, ValueError) as exc:
        raise GiveUp("unreadable absence job") from exc
    return ctx, filing


async def _tell(ctx: ErrandContext, job: Job, outcome: str, text: str) -> None:
    await ctx.notify(ctx.member, text, key=f"absence-job:{job.id}:{outcome}")


def _retry(ctx: ErrandContext, exc: HubError) -> RetryLater:
    if isinstance(exc, RateLimited):
        return RetryLater(exc.code, retry_at=ctx.now + timedelta(seconds=exc.retry_after))
    return RetryLater(exc.code)


async def _transient(ctx: ErrandContext, job: Job, exc: HubError, gave_up_text: str) -> NoReturn:
    """Try again later, or, on the last attempt, tell the guardian it did not work."""
    if job.attempts >= job.max_attempts:
        await _tell(ctx, job, "failed", gave_up_text)
        raise GiveUp(exc.code)
    raise _retry(ctx, exc)


async def run_register(deps: Deps, job: Job) -> None:
    ctx, filing = await _context(deps, job)
    day, name = filing.start, filing.name
    if day < ctx.today:
        await _tell(
            ctx,
            job,
            "passed",
            ctx._(
                "I could not report the absence for {name} {day} in time. Please tell the"
                " school directly.",
                name=name,
                day=day_text(ctx, day),
            ),
        )
        raise GiveUp("the day has passed")
    if day > ctx.today + timedelta(days=1):
        raise RetryLater("not yet within the Hub's reach", retry_at=filing_time(day, ctx.now))
    which = which_day(day, ctx.today)
    try:
        box = await ctx.hub.attendance(filing.child)
        state = box.day(which)
        if not (state.absent and state.span == filing.span):
            box = await ctx.hub.register_absence(filing.child, day, filing.span)
            state = box.day(which)
    except TRANSIENT as exc:
        await _transient(
            ctx,
            job,
            exc,
            ctx._(
                "I could not report the absence for {name} {day}: the Hub has not answered for"
                " a long time. Please tell the school directly.",
                name=name,
                day=day_text(ctx, day),
            ),
        )
    except FINAL as exc:
        await _tell(ctx, job, "refused", refused_text(ctx, exc, name, day))
        raise GiveUp(exc.code) from exc
    await _tell(
        ctx,
        job,
        "done",
        ctx._(
            "Done: {name} is now reported absent {day}, {span}, on the Hub.",
            name=name,
            day=day_text(ctx, day),
            span=part_text(ctx, state.span),
        ),
    )


async def run_leave(deps: Deps, job: Job) -> None:
    ctx, filing = await _context(deps, job)
    name, days = filing.name, days_text(ctx, filing.days)
    try:
        existing = await ctx.hub.leave_requests(filing.child)
        if not any(
            r.start_date == filing.start and r.end_date == filing.end and r.status == "Pending"
            for r in existing
        ):
            await ctx.hub.create_leave_request(filing.child, filing.start, filing.end)
    except TRANSIENT as exc:
        await _transient(
            ctx,
            job,
            exc,
            ctx._(
                "I could not send the leave request for {name}, {days}: the Hub has not"
                " answered for a long time. Please send it on the Hub or tell the school.",
                name=name,
                days=days,
            ),
        )
    except FINAL as exc:
        reason = exc.message if isinstance(exc, RuleRefused) else ""
        await _tell(
            ctx,
            job,
            "refused",
            ctx._(
                "The Hub did not accept the leave request for {name}, {days}. {reason}",
                name=name,
                days=days,
                reason=reason,
            ).strip(),
        )
        raise GiveUp(exc.code) from exc
    await _tell(
        ctx,
        job,
        "done",
        ctx._(
            "Done: the leave request for {name}, {days}, is sent to the Hub. The school decides"
            " on it.",
            name=name,
            days=days,
        ),
    )


JOB_HANDLERS = {REGISTER: run_register, LEAVE: run_leave}
