"""Writing schedule changes: plan against fresh Hub weeks, save week by week, read back.

Every run plans again from what the Hub shows now, so a retry (a queued job, a
second confirmation) only sends what still differs: a day that already shows
what was asked is never sent again. A save whose answer was lost is settled by
reading the week; only a day the Hub does not show yet goes back to the queue.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.conversation.errand import ErrandContext
from bot.handlers.schedule.model import (
    ERRAND_NAME,
    ChildDays,
    ChildKey,
    changes_to_json,
    merge,
    restoring,
)
from bot.handlers.schedule.rules import Plan, Skip, Write, plan_changes, read_weeks
from bot.handlers.undo import remember_write
from bot.hub.errors import (
    AccessDenied,
    HubError,
    HubUnavailable,
    NotAvailableForChild,
    OutcomeUnknown,
    RateLimited,
    RuleRefused,
)
from bot.hub.models import TimeRegistrationDay
from bot.storage.models import Job

JOB_KIND = "schedule_write"
UNDO_TIMES = "times"
# A queued change waits a little before its first try: the Hub was just unreachable.
FIRST_RETRY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Refusal:
    child: ChildKey
    days: tuple[date, ...]
    message: str


@dataclass
class WriteResult:
    plan: Plan
    # What the Hub shows now for every day asked about that was written or already so.
    stands: list[tuple[ChildKey, TimeRegistrationDay]] = field(default_factory=list)
    written: list[Write] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    # Not sent: the Hub stopped answering first. Safe to send later.
    unsent: list[ChildDays] = field(default_factory=list)
    # Sent, but whether the Hub took it could not be seen. Read back before any retry.
    uncertain: list[ChildDays] = field(default_factory=list)
    retry_after: float | None = None

    @property
    def skips(self) -> list[Skip]:
        return self.plan.skips

    @property
    def later(self) -> list[ChildDays]:
        return merge([*self.unsent, *self.uncertain])

    def undo_changes(self) -> list[ChildDays]:
        """The days written, as they were before: what "ångra" puts back."""
        restored: list[ChildDays] = []
        for write in self.written:
            before = restoring(write.before, with_comment=write.wanted.comment is not None)
            if before is not None:
                restored.append(ChildDays(write.child, (before,)))
        return merge(restored)

    def today_written(self, today: date) -> list[ChildKey]:
        """Children whose today was changed without a comment: they may want to tell staff."""
        seen: dict[ChildKey, None] = {}
        for write in self.written:
            if write.wanted.day == today and write.wanted.comment is None:
                seen.setdefault(write.child, None)
        return list(seen)


def _group_days(child: ChildKey, writes: Sequence[Write]) -> ChildDays:
    return ChildDays(child, tuple(w.wanted for w in writes))


async def _settle(
    ctx: ErrandContext, child: ChildKey, monday: date, writes: Sequence[Write]
) -> list[TimeRegistrationDay] | None:
    """After a lost answer: the days as the Hub shows them, if it shows all of them done."""
    try:
        week = await ctx.hub.time_registrations(child.switch_id, monday)
    except HubError:
        return None
    shown = [week.day(w.wanted.day) for w in writes]
    if all(
        day is not None and w.wanted.matches(day) for w, day in zip(writes, shown, strict=True)
    ):
        return [day for day in shown if day is not None]
    return None


async def execute(ctx: ErrandContext, changes: Sequence[ChildDays]) -> WriteResult:
    """Plan from fresh weeks and save week by week. HubUnavailable before any save propagates."""
    weeks = await read_weeks(ctx.hub, changes, ctx.today)
    plan = plan_changes(changes, weeks, ctx.today)
    result = WriteResult(plan=plan, stands=list(plan.unchanged))
    groups = plan.writes_by_week()
    for index, (child, monday, writes) in enumerate(groups):
        try:
            week = await ctx.hub.save_time_registrations(
                child.switch_id, [w.wanted for w in writes]
            )
        except (HubUnavailable, RateLimited) as exc:
            result.unsent.extend(_group_days(c, w) for c, _, w in groups[index:])
            wait = getattr(exc, "retry_after", None)
            result.retry_after = float(wait) if wait else None
            break
        except OutcomeUnknown:
            shown = await _settle(ctx, child, monday, writes)
            if shown is None:
                result.uncertain.append(_group_days(child, writes))
                continue
            result.written.extend(writes)
            result.stands.extend((child, day) for day in shown)
            continue
        except (RuleRefused, AccessDenied, NotAvailableForChild) as exc:
            result.refused.append(Refusal(child, tuple(w.wanted.day for w in writes), exc.message))
            continue
        result.written.extend(writes)
        for write in writes:
            day = week.day(write.wanted.day)
            if day is not None:
                result.stands.append((child, day))
    return result


def job_key(ctx: ErrandContext, changes: Sequence[ChildDays]) -> str:
    """One queued job per member, moment and content: a repeated enqueue is the same job."""
    digest = hashlib.sha256(
        json.dumps(changes_to_json(changes), sort_keys=True).encode()
    ).hexdigest()[:16]
    member = ctx.member
    return f"{JOB_KIND}:{member.channel}:{member.chat_id}:{member.member_id}:{ctx.now.isoformat()}:{digest}"


async def queue_changes(
    ctx: ErrandContext,
    changes: Sequence[ChildDays],
    *,
    uncertain: bool = False,
    retry_after: float | None = None,
) -> Job:
    """Keep the change durably; the job plans again from the Hub when it runs."""
    wait = FIRST_RETRY if retry_after is None else timedelta(seconds=max(retry_after, 1.0))
    payload: dict[str, Any] = {"changes": changes_to_json(changes), "uncertain": uncertain}
    ctx.flags.add("errand_queued")
    queued = await ctx.store.add_job(
        JOB_KIND,
        payload,
        run_at=ctx.now + wait,
        idempotency_key=job_key(ctx, changes),
        chat=ctx.member.chat,
        member_id=ctx.member.member_id,
    )
    return queued.item


async def remember(ctx: ErrandContext, result: WriteResult) -> None:
    """Let "ångra" put the written days back as they were."""
    undo = result.undo_changes()
    if undo:
        await remember_write(
            ctx,
            ERRAND_NAME,
            {"kind": UNDO_TIMES, "changes": changes_to_json(undo)},
            ctx._("the schedule change for {names}", names=", ".join(c.child.name for c in undo)),
        )
