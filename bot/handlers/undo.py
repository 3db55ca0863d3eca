""" "ångra": reverse this chat's last write within ten minutes.

Each errand that writes to the Hub records how to reverse it with
`remember_write`; undo hands that record back to the same errand as the action
"undo", so the errand that knows the Hub's rules for the write also undoes it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.types import Reply
from bot.nlu import ParseResult

UNDO_WINDOW = timedelta(minutes=10)
UNDO_ACTION = "undo"


async def remember_write(
    ctx: ErrandContext, errand: str, data: dict[str, Any], summary: str
) -> None:
    """Keep what `errand.choose(ctx, "undo", data)` needs; `summary` says what is undone."""
    await ctx.store.record_last_write(
        ctx.member, {"errand": errand, "data": data, "summary": summary}, at=ctx.now
    )


class UndoErrand:
    name = "undo"
    intents = frozenset({"undo"})
    private_only = False
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        last = await ctx.store.take_last_write(ctx.member, not_before=ctx.now - UNDO_WINDOW)
        if last is None:
            return [
                Reply(
                    ctx._(
                        "There is nothing to undo. I can undo your last change within 10 minutes."
                    )
                )
            ]
        errand = ctx.errand(str(last.value.get("errand", "")))
        if errand is None:
            return [Reply(ctx._("That change can no longer be undone here."))]
        return await errand.choose(ctx, UNDO_ACTION, dict(last.value.get("data") or {}))

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return []
