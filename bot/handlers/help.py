"""Help that fits the family: examples use this family's children's names."""

from __future__ import annotations

from typing import Any

from bot.conversation.types import Reply
from bot.handlers.context import ErrandContext, Outcome
from bot.nlu import ParseResult


async def help_text(ctx: ErrandContext) -> str:
    children = await ctx.children()
    first = children[0].first_name if children else ctx._("Elsa")
    with_times = next((c.first_name for c in children if c.has("timeregistration")), None)
    lines = [ctx._("I can help you with your InfoMentor Hub errands. Write for example:")]
    if not ctx.is_student:
        lines.append(ctx._("• “{name} is sick today” – report absence", name=first))
        lines.append(ctx._("• “{name} arrives at 10 tomorrow” – part of a day", name=first))
    if with_times and not ctx.is_student:
        lines.append(
            ctx._("• “{name} 7.30-16 next week” – preschool/fritids times", name=with_times)
        )
        lines.append(ctx._("• “{name} off on Friday” – mark a day Ledig", name=with_times))
    lines.append(ctx._("• “show the schedule”, “calendar”, “news”, “messages”"))
    if not ctx.is_student:
        lines.append(ctx._("• “book a development talk”"))
    lines.append(ctx._("• “support” – talk to a person, “logga ut” – unlink this chat"))
    lines.append(
        ctx._(
            "Assessments and documentation need a fresh BankID login on the Hub; "
            "I give you the link but never show them here."
        )
    )
    return "\n".join(lines)


class HelpErrand:
    name = "help"
    intents = frozenset({"help"})

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        return [Reply(await help_text(ctx))]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return [Reply(await help_text(ctx))]


ERRANDS = [HelpErrand()]
