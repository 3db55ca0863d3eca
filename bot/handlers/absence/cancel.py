"""Taking an absence back: what stands for a child, removing it, and reversing our own writes.

"Elsa kommer ändå" may mean an absence on the Hub, an automatic filing still
waiting as a job, or a pending leave request; the guardian should not need to
know which, so all three are looked up and the one that stands is removed.
Undo ("ångra") reverses the effects a write recorded, with the same Hub calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.conversation.errand import ErrandContext
from bot.handlers.absence.filing import Done, Effect
from bot.handlers.absence.jobs import (
    FINAL,
    LEAVE,
    REGISTER,
    pending_jobs,
    queue_leave,
    queue_register,
)
from bot.handlers.absence.plan import (
    ChildRef,
    Filing,
    Which,
    span_from_json,
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
from bot.hub.errors import (
    HubError,
    HubUnavailable,
    NotAvailableForChild,
    OutcomeUnknown,
    RateLimited,
    RuleRefused,
)
from bot.hub.models import AbsenceSpan, AttendanceBox
from bot.storage.models import JobState

StandingKind = Literal["absence", "job", "leave_job", "leave"]
AWAY = (HubUnavailable, RateLimited)


@dataclass(frozen=True, slots=True)
class Standing:
    """One thing that stands for a child and could be taken back."""

    kind: StandingKind
    filing: Filing
    job: int | None = None
    leave_id: str | None = None
    decided: bool = False
    auto: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filing": self.filing.to_json(),
            "job": self.job,
            "leave_id": self.leave_id,
            "decided": self.decided,
            "auto": self.auto,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Standing:
        kind = str(value["kind"])
        if kind not in ("absence", "job", "leave_job", "leave"):
            raise ValueError(f"unknown standing kind {kind!r}")
        job = value.get("job")
        leave_id = value.get("leave_id")
        return cls(
            kind=kind,  # type: ignore[arg-type]
            filing=Filing.from_json(dict(value["filing"])),
            job=int(job) if job is not None else None,
            leave_id=str(leave_id) if leave_id is not None else None,
            decided=bool(value.get("decided")),
            auto=bool(value.get("auto")),
        )

    @property
    def first_day(self) -> date:
        return self.filing.start


def describe(ctx: ErrandContext, item: Standing) -> str:
    """ "the absence for Elsa today (tors 26 nov), the whole day" and the like."""
    f = item.filing
    if item.kind == "leave":
        return ctx._(
            "the leave request for {name}, {days}", name=f.name, days=days_text(ctx, f.days)
        )
    if item.kind == "leave_job":
        return ctx._(
            "the saved leave request for {name}, {days}", name=f.name, days=days_text(ctx, f.days)
        )
    if item.kind == "job":
        return ctx._(
            "the planned absence report for {name} {day}, {span}",
            name=f.name,
            day=day_text(ctx, f.start),
            span=part_text(ctx, f.span),
        )
    return ctx._(
        "the absence for {name} {day}, {span}",
        name=f.name,
        day=day_text(ctx, f.start),
        span=part_text(ctx, f.span),
    )


async def find_standing(
    ctx: ErrandContext, children: list[ChildRef], days: list[date] | None
) -> list[Standing]:
    """What stands for these children on these days; with no days, the nearest that stands."""
    found: list[Standing] = []
    for child in children:
        try:
            box = await ctx.hub.attendance(child.id)
        except NotAvailableForChild:
            continue
        found.extend(_from_box(ctx, child, box))
    wanted = {c.id for c in children}
    for job, filing in await pending_jobs(ctx):
        if filing.child in wanted:
            kind: StandingKind = "job" if job.kind == REGISTER else "leave_job"
            found.append(Standing(kind, filing, job=job.id, auto=bool(job.payload.get("auto"))))
    if days is not None:
        chosen = set(days)
        return [s for s in found if chosen & set(_covered(s))]
    upcoming = [s for s in found if max(s.filing.end, s.filing.start) >= ctx.today]
    if not upcoming:
        return []
    nearest = min(max(s.first_day, ctx.today) for s in upcoming)
    return [s for s in upcoming if max(s.first_day, ctx.today) == nearest]


def _covered(item: Standing) -> list[date]:
    f = item.filing
    if f.start == f.end:
        return [f.start]
    return f.days


def _from_box(ctx: ErrandContext, child: ChildRef, box: AttendanceBox) -> list[Standing]:
    out: list[Standing] = []
    whiches: tuple[Which, Which] = ("today", "tomorrow")
    for which in whiches:
        state = box.day(which)
        day = state.day or (ctx.today if which == "today" else None)
        if state.absent and day is not None:
            span = state.span or AbsenceSpan.full_day()
            out.append(Standing("absence", Filing("now", child.id, child.name, day, day, span)))
    for request in box.leave_requests:
        if request.start_date is None or request.status == "Rejected":
            continue
        end = request.end_date or request.start_date
        if end < ctx.today:
            continue
        filing = Filing(
            "leave", child.id, child.name, request.start_date, end, AbsenceSpan.full_day()
        )
        out.append(
            Standing(
                "leave",
                filing,
                leave_id=str(request.id),
                decided=request.status != "Pending",
            )
        )
    return out


# -- cancelling ---------------------------------------------------------------------------------


async def cancel(ctx: ErrandContext, items: list[Standing]) -> Done:
    done = Done()
    for item in items:
        if item.kind == "absence":
            await _cancel_absence(ctx, item.filing, done)
        elif item.kind in ("job", "leave_job"):
            await _cancel_job(ctx, item, done)
        else:
            await _cancel_leave(ctx, item, done)
    return done


async def _undo_on_hub(ctx: ErrandContext, filing: Filing) -> str | None:
    """Remove an absence on the Hub; None when done, else the line that says why not."""
    name, day = filing.name, filing.start
    if not within_reach(day, ctx.today):
        return ctx._("{day} has already passed, so I cannot change it.", day=day_text(ctx, day))
    try:
        await ctx.hub.undo_absence(filing.child, day)
    except AWAY:
        return ctx._(
            "The Hub is not answering right now, so nothing was changed for {name} {day}."
            " Please try again in a while.",
            name=name,
            day=day_text(ctx, day),
        )
    except OutcomeUnknown:
        which = which_day(day, ctx.today)
        try:
            box = await ctx.hub.attendance(filing.child)
        except HubError:
            box = None
        if box is None or box.day(which).absent:
            return ctx._(
                "I got no clear answer from the Hub about {name} {day}. Please look again in a"
                " while before trying anew.",
                name=name,
                day=day_text(ctx, day),
            )
    except FINAL as exc:
        if isinstance(exc, RuleRefused) and exc.rule == "LOCKED":
            return ctx._(
                "It is too late to change the absence for {name} {day} on the Hub: the"
                " school's cut-off time has passed. Please write to the school directly.",
                name=name,
                day=day_text(ctx, day),
            )
        return refused_text(ctx, exc, name, day)
    return None


async def _cancel_absence(ctx: ErrandContext, filing: Filing, done: Done) -> None:
    problem = await _undo_on_hub(ctx, filing)
    if problem is not None:
        done.add(problem)
        return
    done.add(
        ctx._(
            "Cancelled: {name} is no longer reported absent {day}.",
            name=filing.name,
            day=day_text(ctx, filing.start),
        ),
        {"kind": "unabsence", "filing": filing.to_json()},
    )


async def _cancel_job(ctx: ErrandContext, item: Standing, done: Done) -> None:
    assert item.job is not None
    if await ctx.store.cancel_job(item.job):
        done.add(
            ctx._("Cancelled: {what}.", what=describe(ctx, item)),
            {
                "kind": "unjob",
                "job_kind": LEAVE if item.kind == "leave_job" else REGISTER,
                "auto": item.auto,
                "filing": item.filing.to_json(),
            },
        )
        return
    # It ran a moment ago: what it filed now stands on the Hub.
    job = await ctx.store.get_job(item.job)
    if job is not None and job.state == JobState.DONE and item.kind == "job":
        await _cancel_absence(ctx, item.filing, done)
        return
    done.add(
        ctx._(
            "I could not cancel {what} just now. Please try again in a moment.",
            what=describe(ctx, item),
        )
    )


async def _cancel_leave(ctx: ErrandContext, item: Standing, done: Done) -> None:
    if item.decided or item.leave_id is None:
        done.add(
            ctx._(
                "{what} is already decided by the school, so it cannot be removed here. Please"
                " write to the school.",
                what=capital(describe(ctx, item)),
            )
        )
        return
    try:
        await ctx.hub.delete_leave_request(item.filing.child, item.leave_id)
    except (*AWAY, OutcomeUnknown):
        done.add(
            ctx._(
                "The Hub is not answering right now, so {what} is unchanged. Please try again"
                " in a while.",
                what=describe(ctx, item),
            )
        )
        return
    except FINAL as exc:
        reason = exc.message if isinstance(exc, RuleRefused) else ""
        done.add(
            ctx._(
                "The Hub did not remove {what}. {reason}", what=describe(ctx, item), reason=reason
            ).strip()
        )
        return
    done.add(
        ctx._("Cancelled: {what}.", what=describe(ctx, item)),
        {"kind": "unleave", "filing": item.filing.to_json()},
    )


# -- undo ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Reversal:
    lines: list[str] = field(default_factory=list)
    # Effects that could not be reversed now; kept so "ångra" can be tried again.
    left: list[Effect] = field(default_factory=list)


async def reverse(ctx: ErrandContext, effects: list[Effect]) -> Reversal:
    out = Reversal()
    for effect in effects:
        try:
            line = await _reverse_one(ctx, effect)
        except AWAY:
            out.left.append(effect)
            line = ctx._(
                "I could not undo everything: the Hub is not answering. Write “ångra” again in a"
                " while."
            )
        except HubError as exc:
            reason = exc.message if isinstance(exc, RuleRefused) else ""
            line = ctx._("I could not undo that on the Hub. {reason}", reason=reason).strip()
        except (KeyError, ValueError):
            continue
        if line and line not in out.lines:
            out.lines.append(line)
    return out


async def _reverse_one(ctx: ErrandContext, effect: Effect) -> str | None:
    kind = str(effect.get("kind"))
    filing = Filing.from_json(dict(effect["filing"]))
    name, day = filing.name, day_text(ctx, filing.start)
    store = ctx.store
    if kind == "absence":
        prev = effect.get("prev")
        if prev is not None:
            return await _register_again(ctx, filing, span_from_json(prev))
        problem = await _undo_on_hub(ctx, filing)
        return problem or ctx._(
            "Undone: {name} is no longer reported absent {day}.", name=name, day=day
        )
    if kind in ("job", "leave_job"):
        job_id = int(effect["job"])
        if await store.cancel_job(job_id):
            if kind == "leave_job":
                return ctx._(
                    "Undone: the leave request for {name}, {days}, will not be sent.",
                    name=name,
                    days=days_text(ctx, filing.days),
                )
            return ctx._(
                "Undone: the absence for {name} {day} will not be reported.", name=name, day=day
            )
        job = await store.get_job(job_id)
        if job is None or job.state != JobState.DONE:
            return ctx._("That change can no longer be undone here.")
        if kind == "job":
            problem = await _undo_on_hub(ctx, filing)
            return problem or ctx._(
                "Undone: {name} is no longer reported absent {day}.", name=name, day=day
            )
        return await _delete_matching_leave(ctx, filing)
    if kind == "leave":
        await ctx.hub.delete_leave_request(filing.child, str(effect["id"]))
        return ctx._(
            "Undone: the leave request for {name}, {days}, is removed.",
            name=name,
            days=days_text(ctx, filing.days),
        )
    if kind == "unabsence":
        return await _register_again(ctx, filing, filing.span)
    if kind == "unjob":
        if effect.get("job_kind") == LEAVE:
            await queue_leave(ctx, filing, key=f"undo:{ctx.now.isoformat()}")
            return ctx._(
                "Undone: the leave request for {name}, {days}, will be sent again.",
                name=name,
                days=days_text(ctx, filing.days),
            )
        auto = bool(effect.get("auto"))
        job = await queue_register(ctx, filing, key=f"undo:{ctx.now.isoformat()}", auto=auto)
        return ctx._(
            "Undone: the absence for {name} {day} will be reported {when} after all.",
            name=name,
            day=day,
            when=when_text(ctx, job.run_at),
        )
    if kind == "unleave":
        await ctx.hub.create_leave_request(filing.child, filing.start, filing.end)
        return ctx._(
            "Undone: the leave request for {name}, {days}, is sent again.",
            name=name,
            days=days_text(ctx, filing.days),
        )
    raise ValueError(f"unknown effect {kind!r}")


async def _register_again(ctx: ErrandContext, filing: Filing, span: AbsenceSpan) -> str:
    if not within_reach(filing.start, ctx.today):
        return capital(
            ctx._(
                "{day} has already passed, so I cannot change it.",
                day=day_text(ctx, filing.start),
            )
        )
    try:
        box = await ctx.hub.register_absence(filing.child, filing.start, span)
    except OutcomeUnknown:
        box = await ctx.hub.attendance(filing.child)
    except FINAL as exc:
        return refused_text(ctx, exc, filing.name, filing.start)
    state = box.day(which_day(filing.start, ctx.today))
    if not state.absent:
        return ctx._(
            "I got no clear answer from the Hub about {name} {day}. Please look again in a"
            " while before trying anew.",
            name=filing.name,
            day=day_text(ctx, filing.start),
        )
    return ctx._(
        "Undone: {name} is again reported absent {day}, {span}.",
        name=filing.name,
        day=day_text(ctx, filing.start),
        span=part_text(ctx, state.span),
    )


async def _delete_matching_leave(ctx: ErrandContext, filing: Filing) -> str:
    requests = await ctx.hub.leave_requests(filing.child)
    match = next(
        (
            r
            for r in requests
            if r.start_date == filing.start and r.end_date == filing.end and r.status == "Pending"
        ),
        None,
    )
    if match is None:
        return ctx._("That change can no longer be undone here.")
    await ctx.hub.delete_leave_request(filing.child, match.id)
    return ctx._(
        "Undone: the leave request for {name}, {days}, is removed.",
        name=filing.name,
        days=days_text(ctx, filing.days),
    )


__all__ = [
    "Reversal",
    "Standing",
    "cancel",
    "describe",
    "find_standing",
    "reverse",
]
