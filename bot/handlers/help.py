"""Help that fits the family: examples use this family's children's names.

A preschool child gets the times examples, a school child the homework one, a
student no absence or booking lines. "Hur anmäler jag frånvaro?" is help about
one errand: the parser's runner-up intent says which, and the answer is those
examples only. A question the municipality answers (its FAQ) gets that answer.
"""

from __future__ import annotations

from typing import Any

from bot.conversation.errand import ErrandContext, Fits, HelpLine, Outcome
from bot.conversation.types import Choice, Reply
from bot.hub.models import Child
from bot.municipality import match_faq
from bot.nlu import ParseResult

# A focused answer only when the parser was this sure the question is about an errand.
FOCUS_SCORE = 0.5


def _school_child(child: Child) -> bool:
    """The Hub gives preschool children no assessment box; school children have one."""
    return child.has("assessment")


async def examples(ctx: ErrandContext) -> list[tuple[str, str]]:
    """(intent, line) for every errand's example that fits this chat, in help's order."""
    children = await ctx.children()
    first = children[0].first_name if children else ctx._("Elsa")
    # Preschool times are the everyday case; a school child's fritids times come second.
    timed = sorted(
        (c for c in children if c.has("timeregistration")), key=lambda c: _school_child(c)
    )
    # Each example names another child where the family has one, so each name shows up.
    schooled = sorted(
        (c for c in children if _school_child(c)), key=lambda c: c.first_name == first
    )
    names = {
        Fits.ANY: first,
        Fits.TIMED: timed[0].first_name if timed else None,
        Fits.SCHOOL: schooled[0].first_name if schooled else None,
    }
    lines: list[tuple[str, str]] = []
    for line in ctx.help_lines:
        if ctx.is_student and not line.for_students:
            continue
        name = names[line.fits]
        if name is not None:
            lines.append((line.intent, ctx._(line.text, name=name)))
        elif line.fallback is not None:
            lines.append((line.intent, ctx._(line.fallback)))
    return lines


async def help_text(ctx: ErrandContext) -> str:
    lines = [ctx._("I can help you with your InfoMentor Hub errands. Write for example:")]
    lines += [line for _, line in await examples(ctx)]
    lines.append(
        ctx._(
            "Assessments and documentation need a fresh BankID login on the Hub; "
            "I give you the link but never show them here."
        )
    )
    return "\n".join(lines)


async def focused_text(ctx: ErrandContext, intent: str) -> str | None:
    """The examples for one errand, or None when help has none for it."""
    related = {intent} | (
        {"schedule_set_times", "schedule_day_off"} if intent == "schedule_show" else set()
    )
    lines = [line for about, line in await examples(ctx) if about in related]
    if not lines:
        return None
    return "\n".join(
        [
            ctx._("Write it like this, for example:"),
            *lines,
            ctx._("Write “hjälp” to see everything I can do."),
        ]
    )


def faq_reply(ctx: ErrandContext, text: str) -> Reply:
    """The municipality's answer (in the chat's language), its links also as buttons."""
    profile = ctx.profile
    links = [(link.label.for_language(ctx.lang), link.url) for link in profile.links.values()]
    links += [
        ("InfoMentor Hub", profile.hub_url),
        (ctx._("Log in with BankID"), profile.bankid_login_url),
    ]
    buttons = [Choice(label, url=url) for label, url in links if url in text]
    ctx.flags.add("faq")
    return Reply(text, choices=tuple({c.url: c for c in buttons}.values()))


def focus_of(command: ParseResult) -> str | None:
    best = max(command.alternatives, key=lambda a: a[1], default=None)
    if best is None or best[1] < FOCUS_SCORE or best[0] in ("help", "unknown"):
        return None
    return best[0]


class HelpErrand:
    name = "help"
    intents = frozenset({"help"})
    private_only = False
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        hit = match_faq(ctx.text, ctx.profile)
        if hit is not None:
            return [faq_reply(ctx, hit.text(ctx.lang))]
        focus = focus_of(command)
        if focus is not None and (text := await focused_text(ctx, focus)):
            return [Reply(text)]
        return [Reply(await help_text(ctx))]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return [Reply(await help_text(ctx))]
