"""The daily retention run: every table's old rows go, by the rules in `bot.storage.retention`.

It is a job like any other, queued for 03:15 each night (one row per day, so
every worker may ask for it and it still runs once), and it queues the next
night's run itself.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.clock import STOCKHOLM
from bot.storage.models import Job
from bot.storage.retention import retention_rules

if TYPE_CHECKING:
    from bot.conversation.deps import Deps

log = logging.getLogger(__name__)

RETENTION_KIND = "retention"
RETENTION_AT = time(3, 15)


def next_retention_run(now: datetime) -> datetime:
    local = now.astimezone(STOCKHOLM)
    at = datetime.combine(local.date(), RETENTION_AT, tzinfo=STOCKHOLM)
    return (
        at
        if at > local
        else datetime.combine(local.date() + timedelta(days=1), RETENTION_AT, tzinfo=STOCKHOLM)
    )


async def schedule_retention(deps: Deps) -> None:
    """Makes sure the next daily run is queued (idempotent: one row per day)."""
    at = next_retention_run(deps.clock.now())
    await deps.store.add_job(
        RETENTION_KIND,
        {},
        run_at=at,
        idempotency_key=f"{RETENTION_KIND}:{at.date().isoformat()}",
        max_attempts=3,
    )


async def run_retention(deps: Deps, job: Job) -> None:
    removed = await deps.store.purge_retained(retention_rules(deps.settings.retention_days))
    log.info(
        "retention: %s",
        ", ".join(f"{table} {count}" for table, count in removed.items() if count) or "nothing",
    )
    await schedule_retention(deps)


JOB_HANDLERS = {RETENTION_KIND: run_retention}
