"""The health guard for every text of the guardian's that the bot hands to the Hub.

An absence is filed without its reason; the same holds for a comment to the
staff about a day, a reply to a teacher and anything else the bot writes into
the Hub for the guardian: symptoms, diagnoses, visits to care and medication
stay out of the school's system (GDPR). What the parser's guard marks is cut
out, the rest is sent, and the guardian is told what was left out and why, in
the words used for absence reports. A text that was only about health is not
sent at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.conversation.errand import ErrandContext, Outcome
from bot.conversation.prompts import Prompt
from bot.conversation.types import Reply
from bot.i18n import N_
from bot.nlu import redact_health

LEFT_OUT = N_(
    "I have left out what you wrote about health: health details must not go into the "
    "school's system (GDPR)."
)
ONLY_HEALTH = N_(
    "What you wrote was about health, and health details must not go into the school's "
    "system (GDPR), so I have not sent it. If the staff need to know, tell them in person "
    "or by phone."
)
WHAT_GOES = N_("This is what goes to the Hub: “{text}”")
# Flag for the support console: the guard cut something out of a Hub-bound text.
HEALTH_LEFT_OUT = "health_left_out"


@dataclass(frozen=True, slots=True)
class Guarded:
    """A text as it may reach the Hub: `text` is what is left, `dropped` whether it shrank."""

    text: str
    dropped: bool
    # Nothing worth sending is left: no words, or only the child's name ("Elsa.").
    empty: bool = False


async def guard(ctx: ErrandContext, text: str) -> Guarded:
    """`text` without what the parser's health guard marks in it."""
    result = await ctx.parse(text)
    if not result.health_info or not result.health_spans:
        return Guarded(text, False)
    ctx.flags.add(HEALTH_LEFT_OUT)
    # What was cut must not come back into the log through a reply that quotes the text.
    ctx.hide_in_log(*(quoted for _, _, quoted in result.spans.get("health", ())))
    kept = redact_health(text, result)
    residue = kept
    for _, _, name in result.spans.get("children", ()):
        residue = residue.replace(name, "")
    return Guarded(kept, True, empty=not any(c.isalnum() for c in residue))


def left_out(ctx: ErrandContext, sent: str | None = None) -> str:
    """The explanation; with `sent`, also the words that do go (kept out of the log)."""
    if sent is None:
        return ctx._(LEFT_OUT)
    ctx.hide_in_log(sent)
    return "\n".join([ctx._(LEFT_OUT), ctx._(WHAT_GOES, text=sent)])


def only_health(ctx: ErrandContext) -> Outcome:
    return [Reply(ctx._(ONLY_HEALTH))]


def with_note(outcome: Outcome, note: str) -> Outcome:
    """The outcome with `note` leading its first message (a reply or a question)."""
    for position, item in enumerate(outcome):
        if isinstance(item, Reply | Prompt):
            return [
                *outcome[:position],
                replace(item, text=f"{note}\n{item.text}" if item.text else note),
                *outcome[position + 1 :],
            ]
    return [*outcome, Reply(note)]


__all__ = ["HEALTH_LEFT_OUT", "Guarded", "guard", "left_out", "only_health", "with_note"]
