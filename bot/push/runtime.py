"""The push side, running: the watcher, the outbox worker and the summary schedule.

`start_push(deps, senders=…)` starts them as tasks next to the conversation;
`await runtime.stop()` ends them cleanly. Nothing here holds state that
matters: in-flight deliveries are put back at start, summary rounds are
re-derived from the links in the store, and the watcher's first pass reads
what it needs again. Each loop waits on the clock for its next due moment, or
until `poke()` (a push was queued, a test moved the clock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.push.delivery import ChannelSender
from bot.push.outbox_worker import OutboxWorker
from bot.push.pacing import TELEGRAM_LIMITS, ChannelLimits, SendPacer
from bot.push.scheduler import ensure_rounds
from bot.push.watcher import HubWatcher

if TYPE_CHECKING:
    from bot.conversation.deps import Deps
    from bot.jobs import JobRunner

log = logging.getLogger(__name__)

DEFAULT_LIMITS: Mapping[str, ChannelLimits] = {"telegram": TELEGRAM_LIMITS}
# New links get their summary round within this; settings changes schedule at once.
SCHEDULE_EVERY = timedelta(minutes=5)
# Facts, alerts and reports older than this are dropped; the watcher ignores facts
# older than two weeks, so nothing dropped can come back as news.
LEDGER_KEEP = timedelta(days=60)
MIN_WAIT_S = 0.05


@dataclass
class PushRuntime:
    deps: Deps
    watcher: HubWatcher | None
    worker: OutboxWorker | None
    # The job queue, when this runtime runs it (a process that runs no JobRunner loop itself).
    jobs: JobRunner | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _pokes: list[asyncio.Event] = field(default_factory=list)
    _stopping: bool = False

    def poke(self) -> None:
        """Wake every loop now (the clock moved, or something was queued)."""
        for event in self._pokes:
            event.set()
        if self.worker is not None:
            self.worker.wake()

    async def stop(self) -> None:
        self._stopping = True
        if self.worker is not None:
            self.worker.stop()
        if self.jobs is not None:
            self.jobs.stop()
        self.poke()
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks.clear()
        if self.worker is not None:
            with contextlib.suppress(ValueError):
                self.deps.shared.on_queued.remove(self.worker.wake)

    # -- loops ------------------------------------------------------------------------------

    def _start(
        self, name: str, loop: Callable[[asyncio.Event], Coroutine[None, None, None]]
    ) -> None:
        event = asyncio.Event()
        self._pokes.append(event)
        self.tasks.append(asyncio.create_task(loop(event), name=f"push-{name}"))

    async def _wait(self, event: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=max(seconds, MIN_WAIT_S))
        event.clear()

    def _seconds_until(self, moment: datetime | None, default: timedelta) -> float:
        if moment is None:
            return default.total_seconds()
        return (moment - self.deps.clock.now()).total_seconds()

    async def watch_loop(self, event: asyncio.Event) -> None:
        assert self.watcher is not None
        while not self._stopping:
            try:
                await self.watcher.run_due()
            except Exception:
                log.exception("watcher pass failed")
            await self._wait(
                event, self._seconds_until(self.watcher.next_due(), self.watcher.interval)
            )

    async def schedule_loop(self, event: asyncio.Event) -> None:
        store = self.deps.store
        while not self._stopping:
            try:
                await ensure_rounds(self.deps.store, self.deps.clock)
                await store.purge_push_ledger(before=self.deps.clock.now() - LEDGER_KEEP)
            except Exception:
                log.exception("summary scheduling failed")
            await self._wait(event, SCHEDULE_EVERY.total_seconds())

    async def jobs_loop(self, event: asyncio.Event) -> None:
        """Runs due jobs (summary rounds among them) when no one else runs the job queue."""
        assert self.jobs is not None
        while not self._stopping:
            try:
                await self.jobs.tick()
            except Exception:
                log.exception("job pass failed")
            await self._wait(event, 5.0)


def default_pacers(
    senders: Mapping[str, ChannelSender], limits: Mapping[str, ChannelLimits]
) -> dict[str, SendPacer]:
    """Pacers for the channels whose sender does not pace itself.

    Telegram's sender sends through the bot's one rate limiter (replies and the
    outbox alike), so the worker must not pace it a second time.
    """
    return {
        channel: SendPacer(limits[channel])
        for channel, sender in senders.items()
        if channel in limits and not getattr(sender, "paces_itself", False)
    }


async def start_push(
    deps: Deps,
    *,
    senders: Mapping[str, ChannelSender] | None = None,
    limits: Mapping[str, ChannelLimits] = DEFAULT_LIMITS,
    pacers: Mapping[str, SendPacer] | None = None,
    watch: bool = True,
    jobs: JobRunner | None = None,
    concurrency: int = 8,
) -> PushRuntime:
    """Start watching the Hub, scheduling summaries and (with senders) delivering the outbox.

    Without `senders` nothing is delivered here: a channel that drains its own
    chat (the terminal) takes its pushes from the outbox itself. With `jobs` the
    runtime also runs the job queue (summary rounds are jobs), for a process that
    does not run `JobRunner.run_forever` itself.
    """
    worker = None
    if senders:
        # Whatever was in flight when the last process died goes out again (at most once more).
        requeued = await deps.store.requeue_in_flight()
        if requeued:
            log.info("outbox: %d message(s) in flight at the last stop go out again", requeued)
        worker = OutboxWorker(
            deps.store,
            senders,
            deps.clock,
            pacers=pacers if pacers is not None else default_pacers(senders, limits),
            concurrency=concurrency,
        )
    await ensure_rounds(deps.store, deps.clock, catch_up=True)
    runtime = PushRuntime(deps, HubWatcher(deps) if watch else None, worker, jobs=jobs)
    if worker is not None:
        # A queued push wakes the worker at once; the other loops keep their rhythm.
        deps.shared.on_queued.append(worker.wake)
    if runtime.watcher is not None:
        runtime._start("watch", runtime.watch_loop)
    if worker is not None:
        runtime.tasks.append(asyncio.create_task(worker.run_forever(), name="push-outbox"))
    runtime._start("schedule", runtime.schedule_loop)
    if jobs is not None:
        runtime._start("jobs", runtime.jobs_loop)
    return runtime
