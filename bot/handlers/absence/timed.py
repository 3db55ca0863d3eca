"""Late arrival and early pick-up: whose day is an absence and whose a schedule change.

"Elsa kommer 9 idag" or "vi hämtar Elsa 14": a child with a time schedule (preschool,
fritids) keeps coming that day, only at other times, so the day's schedule changes
(the Tidsregistrering box), not the absence box. A school child without fritids misses
lessons: that stays an absence. A school child with fritids misses both, so the bot
does both and says which, with a button for each part alone. The fritids side follows
the Hub's lock rules through the schedule errand (a group whose times close the day
before keeps today as it is, and the reply says so).

A child who already has an absence standing on those days keeps the absence path (the new
span replaces the old one there). The routing is pure (a child's Hub modules and the
absence's span in, a route out);
`combine` merges the two errands' confirmations into one question.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from enum import StrEnum
from typing import Any

from bot.conversation.errand import ErrandContext, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.absence.text import names_text
from bot.hub.models import AbsenceSpan, Child

TIMES_APP = "timeregistration"
# The Hub gives preschool children no assessment box; school children have one.
SCHOOL_APP = "assessment"
CONFIRM = "confirm"
# The absence errand's actions for a question that covers both parts.
BOTH = "late_both"
TIMES_ONLY = "late_times"

# (from, to) of the day the child is there; an open end keeps what the Hub has.
Window = tuple[time | None, time | None]


class Route(StrEnum):
    """What a late arrival or early pick-up becomes for one child."""

    ABSENCE = "absence"  # lessons missed: the absence box
    TIMES = "times"  # preschool: the day's times
    BOTH = "both"  # a school child with fritids: lessons and fritids times


# (has a time schedule, goes to school) -> route
_ROUTES: dict[tuple[bool, bool], Route] = {
    (False, False): Route.ABSENCE,
    (False, True): Route.ABSENCE,
    (True, False): Route.TIMES,
    (True, True): Route.BOTH,
}


def route_of(child: Child) -> Route:
    return _ROUTES[(child.has(TIMES_APP), child.has(SCHOOL_APP))]


def moved_end(span: AbsenceSpan) -> Window | None:
    """The day's new window when the absence has one open end; None for any other span.

    Absent until 9 is arriving at 9 (the pick-up kept); absent from 14 is being picked up
    at 14 (the drop-off kept).
    """
    if span.part != "times" or (span.from_time is None) == (span.to_time is None):
        return None
    if span.to_time is not None:
        return (span.to_time, None)
    return (None, span.from_time)


@dataclass(frozen=True, slots=True)
class Split:
    """The children of one message, by route."""

    absence: list[Child] = field(default_factory=list)
    times: list[Child] = field(default_factory=list)
    both: list[Child] = field(default_factory=list)

    @property
    def timed(self) -> list[Child]:
        """Whose schedule changes."""
        return self.times + self.both

    @property
    def absent(self) -> list[Child]:
        """Who is reported absent from lessons."""
        return self.absence + self.both


def split(children: Sequence[Child], absent: Collection[str] = ()) -> Split:
    """By route; a child already reported absent those days (`absent`: switch ids) keeps the
    absence, so "kommer 10" after "hemma på tisdag" narrows that absence instead of leaving
    it standing beside a schedule change."""
    out = Split()
    lists = {Route.ABSENCE: out.absence, Route.TIMES: out.times, Route.BOTH: out.both}
    for child in children:
        route = Route.ABSENCE if child.switch_id in absent else route_of(child)
        lists[route].append(child)
    return out


def lead_text(ctx: ErrandContext, parts: Split) -> str:
    """Says which: the schedule instead of an absence, or both."""
    lines = []
    if parts.times:
        lines.append(
            ctx._(
                "{names} has a preschool schedule, so I change the day's times instead of"
                " reporting an absence.",
                names=names_text(ctx, [c.first_name for c in parts.times]),
            )
        )
    if parts.both:
        lines.append(
            ctx._(
                "{names} goes to school and to fritids, so I do both: report the absence"
                " from lessons and change the fritids times.",
                names=names_text(ctx, [c.first_name for c in parts.both]),
            )
        )
    return "\n".join(lines)


def _yes(item: Reply | Prompt) -> Option | None:
    """The option that carries out a proposal, when the item is one."""
    if not isinstance(item, Prompt):
        return None
    return next((o for o in item.options if o.action == CONFIRM), None)


def _joined(*texts: str) -> str:
    return "\n\n".join(t for t in texts if t)


def combine(
    ctx: ErrandContext,
    owner: str,
    lead: str,
    report: Outcome,
    times: Outcome,
    *,
    offer_parts: bool,
) -> Outcome:
    """The absence errand's and the schedule errand's answers as one.

    Two proposals become one question (yes to both, each part alone, no); a side with
    nothing to ask (already so, refused, or written at once) is said in the same message.
    """
    items = [*report, *times]
    asks = [item for item in items if _yes(item) is not None]
    said = [item.text for item in items if _yes(item) is None and isinstance(item, Reply)]
    if not asks:
        if not items:
            return [Reply(lead)] if lead else []
        first = items[0]
        return [replace(first, text=_joined(lead, first.text)), *items[1:]]
    if len(asks) == 1:
        (ask,) = asks
        assert isinstance(ask, Prompt)
        return [replace(ask, text=_joined(lead, *said, ask.text))]
    report_ask, times_ask = asks
    assert isinstance(report_ask, Prompt) and isinstance(times_ask, Prompt)
    report_yes, times_yes = _yes(report_ask), _yes(times_ask)
    assert report_yes is not None and times_yes is not None
    data: dict[str, Any] = {"report": report_yes.data, "times": times_yes.data}
    options = [Option(ctx._("Yes"), BOTH, data)]
    if offer_parts:
        options += [
            Option(ctx._("Only school"), CONFIRM, report_yes.data),
            Option(ctx._("Only fritids"), TIMES_ONLY, {"times": times_yes.data}),
        ]
    options.append(Option(ctx._("No"), "decline", {}))
    text = _joined(lead, *said, times_ask.text, report_ask.text)
    return [Prompt(owner, text, options)]
