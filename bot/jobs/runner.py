"""Runs due jobs: each kind has one handler, registered on top (`bot/app/errands.py`).

A handler raises `RetryLater` when the Hub is unavailable (the row goes back
with a backoff) and `GiveUp` when retrying cannot help; anything else is a bug
and retried with backoff too, so nothing accepted is dropped by one bad run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from bot.storage.models import Job

if TYPE_CHECKING:
    from bot.conversation.deps import Deps

log = logging.getLogger(__name__)

JobHandler = Callable[["Deps", Job], Awaitable[None]]


class RetryLater(Exception):
    def __init__(self, reason: str, retry_at: datetime | None = None) -> None:
        super().__init__(reason)
        self.retry_at = retry_at


class GiveUp(Exception):
    """The job cannot succeed; it is marked failed and its owner tells the chat."""


class JobRunner:
    def __init__(self, deps: Deps, handlers: Mapping[str, JobHandler]) -> None:
        self.deps = deps
        self.handlers = dict(handlers)
        self._stopping = asyncio.Event()

    async def run_due(self, *, limit: int = 50) -> int:
        """One pass over what is due now; returns how many jobs ran."""
        jobs = await self.deps.store.claim_due_jobs(
            limit, now=self.deps.clock.now(), kinds=list(self.handlers)
        )
        for job in jobs:
            await self._run(job)
        return len(jobs)

    async def tick(self) -> int:
        """Run everything due now, also what the jobs just run made due."""
        ran = 0
        while count := await self.run_due():
            ran += count
        return ran

    async def _run(self, job: Job) -> None:
        store = self.deps.store
        handler = self.handlers[job.kind]
        try:
            await handler(self.deps, job)
        except RetryLater as exc:
            await store.fail_job(job.id, str(exc), retry_at=exc.retry_at)
        except GiveUp as exc:
            await store.fail_job(job.id, str(exc), give_up=True)
        except Exception as exc:
            log.exception("job %s (%s) failed", job.id, job.kind)
            await store.fail_job(job.id, type(exc).__name__)
        else:
            await store.complete_job(job.id)

    async def run_forever(self, interval_s: float = 5.0) -> None:
        await self.deps.store.requeue_running_jobs()
        while not self._stopping.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("job pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=interval_s)

    def stop(self) -> None:
        self._stopping.set()
