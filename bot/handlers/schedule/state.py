"""What the schedule errand waits for between messages, kept in the store.

A comment to the staff after a change for today, and the week last shown or
set (so "upprepa veckan i 3 veckor" knows which week). Both expire on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from bot.conversation.errand import ErrandContext
from bot.handlers.schedule.model import ChildKey

COMMENT_KEY = "schedule_comment"
COMMENT_WAIT = timedelta(minutes=15)
WEEK_KEY = "schedule_week"
WEEK_CONTEXT = timedelta(minutes=30)


async def await_comment(ctx: ErrandContext, children: Sequence[ChildKey], day: date) -> None:
    await put_comment_wait(
        ctx, {"children": [c.to_json() for c in children], "day": day.isoformat()}
    )


async def put_comment_wait(ctx: ErrandContext, waiting: dict[str, Any]) -> None:
    await ctx.store.put_pending(
        ctx.member, COMMENT_KEY, waiting, expires_at=ctx.now + COMMENT_WAIT
    )


async def comment_awaited(ctx: ErrandContext) -> bool:
    return await ctx.store.get_pending(ctx.member, COMMENT_KEY) is not None


async def take_comment_wait(ctx: ErrandContext) -> dict[str, Any] | None:
    """The wait, removed: of two racing messages only one gets it."""
    taken = await ctx.store.pop_pending(ctx.member, COMMENT_KEY)
    return None if taken is None else dict(taken.value)


async def remember_week(ctx: ErrandContext, child: ChildKey, monday: date) -> None:
    """The week in view, for a following "upprepa veckan i 3 veckor"."""
    await ctx.store.put_pending(
        ctx.member,
        WEEK_KEY,
        {"child": child.to_json(), "monday": monday.isoformat()},
        expires_at=ctx.now + WEEK_CONTEXT,
    )


async def week_in_view(ctx: ErrandContext) -> tuple[ChildKey, date] | None:
    found = await ctx.store.get_pending(ctx.member, WEEK_KEY)
    if found is None:
        return None
    return ChildKey.from_json(found.value["child"]), date.fromisoformat(found.value["monday"])
