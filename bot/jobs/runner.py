"""Runs due jobs: each kind has one handler, found in the module that owns the errand.

A handler module declares `JOB_HANDLERS = {"kind": async_fn}`. A handler raises
`RetryLater` when the Hub is unavailable (the row goes back with a backoff) and
`GiveUp` when retrying cannot help; anything else is a bug and retried with
backoff too, so nothing accepted is dropped by one bad run.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING

from bot.storage.models import Job

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

JobHandler = Callable[["Services", Job], Awaitable[None]]

# Packages whose modules may declare JOB_HANDLERS.
HANDLER_PACKAGES = ("bot.handlers", "bot.push")


class RetryLater(Exception):
    def __init__(self, reason: str, retry_at: datetime | None = None) -> None:
        super().__init__(reason)
        self.retry_at = retry_at


class GiveUp(Exception):
    """The job cannot succeed; it is marked failed and its owner tells the chat."""


def _modules(package_names: Iterable[str]) -> Iterable[ModuleType]:
    for name in package_names:
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{name}."):
            yield importlib.import_module(info.name)


def job_handlers(packages: Iterable[str] = HANDLER_PACKAGES) -> dict[str, JobHandler]:
    found: dict[str, JobHandler] = {}
    for module in _modules(packages):
        for kind, handler in getattr(module, "JOB_HANDLERS", {}).items():
            if kind in found:
                raise RuntimeError(f"two handlers for job kind {kind!r}")
            found[kind] = handler
    return found


class JobRunner:
    def __init__(self, services: Services, handlers: dict[str, JobHandler] | None = None) -> None:
        self.services = services
        self.handlers = handlers if handlers is not None else job_handlers()
        self._stopping = asyncio.Event()

    async def run_due(self, *, limit: int = 50) -> int:
        """One pass over what is due now; returns how many jobs ran."""
        store = self.services.store
        jobs = await store.claim_due_jobs(
            limit, now=self.services.clock.now(), kinds=list(self.handlers)
        )
        for job in jobs:
            await self._run(job)
        return len(jobs)

    async def _run(self, job: Job) -> None:
        store = self.services.store
        handler = self.handlers[job.kind]
        try:
            await handler(self.services, job)
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
        await self.services.store.requeue_running_jobs()
        while not self._stopping.is_set():
            try:
                while await self.run_due():
                    pass
            except Exception:
                log.exception("job pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=interval_s)

    def stop(self) -> None:
        self._stopping.set()
