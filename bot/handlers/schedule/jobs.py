"""Schedule changes that waited for the Hub: made when it answers, and the chat told.

A queued change is a concrete list of days. Each run plans again from what the
Hub shows, so a change whose answer was lost is read back before anything is
sent again, and a day that already shows the wish is never sent twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.conversation.errand import context_for_member
from bot.handlers.schedule.model import changes_from_json
from bot.handlers.schedule.replies import gave_up_text, result_text
from bot.handlers.schedule.write import JOB_KIND, execute, remember
from bot.hub.errors import HubError, HubUnavailable, LoginRequired, RateLimited
from bot.jobs import GiveUp, JobHandler, RetryLater
from bot.storage.models import Job

if TYPE_CHECKING:
    from bot.conversation.deps import Deps


async def run_schedule_write(deps: Deps, job: Job) -> None:
    if job.chat is None:
        raise GiveUp("a schedule job without a chat")
    member = job.chat.member(job.member_id)
    ctx = await context_for_member(deps, member)
    if ctx is None:
        raise GiveUp("the chat is no longer linked")
    changes = changes_from_json(job.payload.get("changes"))
    if not changes:
        return
    last_try = job.attempts >= job.max_attempts
    try:
        result = await execute(ctx, changes)
    except (HubUnavailable, RateLimited) as exc:
        if last_try:
            await deps.notify(member, gave_up_text(ctx, changes), key=f"{JOB_KIND}:{job.id}")
            raise GiveUp("the Hub did not answer") from exc
        wait = getattr(exc, "retry_after", None)
        raise RetryLater(
            "the Hub did not answer", retry_at=ctx.now + timedelta(seconds=wait) if wait else None
        ) from exc
    except LoginRequired as exc:
        await deps.notify(
            member,
            ctx._(
                "I could not make the queued schedule change: your Hub login has expired. "
                "Link your account again and ask me once more."
            ),
            key=f"{JOB_KIND}:{job.id}",
        )
        raise GiveUp("login required") from exc
    except HubError as exc:
        # The Hub refuses for good (the child no longer has the schedule, access denied …).
        await deps.notify(member, gave_up_text(ctx, changes), key=f"{JOB_KIND}:{job.id}")
        raise GiveUp(exc.code) from exc
    await remember(ctx, result)
    if result.later and not last_try:
        # What was written stays written; the next run plans again and sends only the rest.
        wait = result.retry_after
        raise RetryLater(
            "part of the change waits",
            retry_at=ctx.now + timedelta(seconds=wait) if wait else None,
        )
    text = result_text(ctx, result, later=True)
    if result.later:
        text += "\n\n" + gave_up_text(ctx, result.later)
    await deps.notify(member, text, key=f"{JOB_KIND}:{job.id}")


JOB_HANDLERS: dict[str, JobHandler] = {JOB_KIND: run_schedule_write}
