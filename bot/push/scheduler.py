"""Evening summaries as durable jobs: one job per summary time and day, in the job table.

A chat's summary time is a preference in the store; the jobs that carry it out
are rows in the job table, so a restart loses nothing: `ensure_rounds` (run at
start, after a settings change, and now and then) makes sure the next round of
every time in use exists, and a round that ran schedules the next one. A round
builds the summaries of every chat with that time, several at once, sharing the
Hub reads of children between their guardians.

A round that comes too late (the bot was down all evening) is skipped rather
than sending "tomorrow" the morning after. A chat gets one summary a day, even if
it moves its time after the first was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.clock import STOCKHOLM
from bot.hub.errors import HubError, LoginRequired
from bot.jobs.runner import RetryLater
from bot.push.audience import chats_for
from bot.push.summary import EveningSummary, queue_summary
from bot.storage.models import ChatKey, ChatLink, Job

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.conversation.deps import Deps
    from bot.storage.base import Store

log = logging.getLogger(__name__)

ROUND_KIND = "push.summary_round"
# Later than this after its time, a summary about "tomorrow" is no use any more.
LATE_LIMIT = timedelta(hours=3)
RETRY_IN = timedelta(minutes=10)
ROUND_ATTEMPTS = 20
ROUND_PARALLEL = 16


@dataclass(frozen=True, slots=True)
class ChatSummaryPlan:
    chat: ChatKey
    links: tuple[ChatLink, ...]
    at: time


def summary_plans(links: Sequence[ChatLink]) -> list[ChatSummaryPlan]:
    """Chats that want a summary, each with its links and time (its first link decides)."""
    by_chat: dict[ChatKey, list[ChatLink]] = defaultdict(list)
    for link in links:
        if link.active:
            by_chat[link.chat].append(link)
    plans = []
    for chat, chat_links in by_chat.items():
        first = chats_for(chat_links, guardians_only=False)
        if first and first[0].preferences.summary_enabled:
            plans.append(
                ChatSummaryPlan(chat, tuple(chat_links), first[0].preferences.summary_time)
            )
    return plans


def round_key(day: date, at: time) -> str:
    return f"{ROUND_KIND}:{day.isoformat()}:{at.strftime('%H:%M')}"


def round_times(now: datetime, at: time, *, catch_up: bool) -> list[datetime]:
    """Today's round if still ahead (or, catching up after a start, not too late), and tomorrow's."""
    local = now.astimezone(STOCKHOLM)
    today = datetime.combine(local.date(), at, STOCKHOLM)
    rounds = []
    if local < today or (catch_up and local - today < LATE_LIMIT):
        rounds.append(today)
    rounds.append(today + timedelta(days=1))
    return rounds


async def ensure_rounds(store: Store, clock: Clock, *, catch_up: bool = False) -> int:
    """The coming rounds of every summary time in use exist; returns how many were added.

    With `catch_up` (at start) a round missed within the last hours is added too.
    Rounds are keyed by day and time, so asking again adds nothing twice.
    """
    links = await store.list_links(active_only=True)
    now = clock.now()
    added = 0
    for at in sorted({plan.at for plan in summary_plans(links)}):
        for run_at in round_times(now, at, catch_up=catch_up):
            queued = await store.add_job(
                ROUND_KIND,
                {"date": run_at.date().isoformat(), "time": at.strftime("%H:%M")},
                run_at=run_at,
                idempotency_key=round_key(run_at.date(), at),
                max_attempts=ROUND_ATTEMPTS,
            )
            added += int(queued.created)
    return added


async def run_round(deps: Deps, job: Job) -> None:
    day = date.fromisoformat(str(job.payload["date"]))
    at = time.fromisoformat(str(job.payload["time"]))
    due = datetime.combine(day, at, STOCKHOLM)
    now = deps.clock.now()
    today = now.astimezone(STOCKHOLM).date()
    if now - due > LATE_LIMIT or today != day:
        log.info("summary round %s %s skipped: too late", day, at)
        await ensure_rounds(deps.store, deps.clock)
        return
    links = await deps.store.list_links(active_only=True)
    plans = [p for p in summary_plans(links) if p.at == at]
    failed = await build_summaries(deps, plans)
    await ensure_rounds(deps.store, deps.clock)
    if failed:
        raise RetryLater(f"{failed} summaries could not be read", now + RETRY_IN)


async def build_summaries(
    deps: Deps,
    plans: Sequence[ChatSummaryPlan],
    *,
    parallel: int = ROUND_PARALLEL,
    release_sessions: bool = True,
) -> int:
    """Queue each chat's summary, several at once; returns how many should be tried again.

    With `release_sessions`, an account's Hub web session is closed once its last
    chat of the round is done, so a round over thousands of accounts does not leave
    thousands of sessions in memory (the watcher logs in again when it next reads).
    """
    builder = EveningSummary(deps.store, deps.clock, deps.hubs, deps.shared)
    queue: asyncio.Queue[ChatSummaryPlan] = asyncio.Queue()
    for plan in plans:
        queue.put_nowait(plan)
    waiting = Counter(link.hub_account_id for plan in plans for link in plan.links)
    failed = 0

    async def done_with(plan: ChatSummaryPlan) -> None:
        for link in plan.links:
            waiting[link.hub_account_id] -= 1
            if release_sessions and waiting[link.hub_account_id] == 0:
                deps.shared.children.forget(link.hub_account_id)
                with contextlib.suppress(HubError, OSError):
                    await deps.hubs.release(link.hub_account_id)

    async def work() -> None:
        nonlocal failed
        while True:
            try:
                plan = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                await queue_summary(deps, plan.chat, plan.links, builder)
            except LoginRequired:
                log.info("summary skipped: the chat's Hub login has expired")
            except (HubError, OSError) as exc:
                log.info("summary failed (%s); the round will try again", type(exc).__name__)
                failed += 1
            except Exception:
                log.exception("summary failed")
                failed += 1
            await done_with(plan)

    await asyncio.gather(*(work() for _ in range(max(1, min(parallel, len(plans))))))
    return failed


JOB_HANDLERS = {ROUND_KIND: run_round}
