"""A schedule message as understood: intent, days, times, and the schedule's own phrases.

Kept as a small value with a JSON form, so "which child?" can be asked and the
answer continue the same errand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from bot.nlu import ParseResult, TimeSpan
from bot.nlu.schedule_phrases import inline_comment, repeat_request

SHOW = "schedule_show"
SET_TIMES = "schedule_set_times"
DAY_OFF = "schedule_day_off"
MAX_COMMENT = 500

# (from, to) of one presence window; an open end keeps what the Hub has for the day
Window = tuple[time | None, time | None]


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _time(value: Any) -> time | None:
    return time.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Request:
    """One schedule errand as understood, kept in a prompt while a child is chosen."""

    intent: str
    dates: tuple[date, ...] = ()
    start: time | None = None
    end: time | None = None
    names: tuple[str, ...] = ()
    child_ids: tuple[str, ...] = ()
    weeks_after: int | None = None
    comment: str | None = None
    # Several windows in one message ("mån–tors 7.15–16.15 och fredag 7.15–14", "7-8 och
    # 13-17"): each day with its own. Empty when start/end serve every day.
    windows: tuple[tuple[date, tuple[Window, ...]], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "dates": [d.isoformat() for d in self.dates],
            "start": self.start.strftime("%H:%M") if self.start else None,
            "end": self.end.strftime("%H:%M") if self.end else None,
            "names": list(self.names),
            "child_ids": list(self.child_ids),
            "weeks_after": self.weeks_after,
            "comment": self.comment,
            "windows": [
                [day.isoformat(), [[_hhmm(a), _hhmm(b)] for a, b in spans]]
                for day, spans in self.windows
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Request:
        start, end = data.get("start"), data.get("end")
        weeks = data.get("weeks_after")
        return cls(
            intent=str(data["intent"]),
            dates=tuple(date.fromisoformat(d) for d in data.get("dates") or []),
            start=time.fromisoformat(start) if start else None,
            end=time.fromisoformat(end) if end else None,
            names=tuple(str(n) for n in data.get("names") or []),
            child_ids=tuple(str(i) for i in data.get("child_ids") or []),
            weeks_after=int(weeks) if weeks is not None else None,
            comment=data.get("comment"),
            windows=tuple(
                (
                    date.fromisoformat(day),
                    tuple((_time(a), _time(b)) for a, b in spans),
                )
                for day, spans in data.get("windows") or []
            ),
        )

    @property
    def writes(self) -> bool:
        return self.intent != SHOW or self.weeks_after is not None

    @property
    def repeats_a_week(self) -> bool:
        """ "upprepa veckan i 3 veckor": no days of its own, so the week in view is meant."""
        return self.intent == SHOW and self.weeks_after is not None and not self.dates


def request_of(command: ParseResult, text: str) -> Request:
    start = end = None
    if isinstance(command.span, TimeSpan):
        start, end = command.span.from_, command.span.to
    repeat = repeat_request(text)
    comment = inline_comment(text) if command.intent in (SET_TIMES, DAY_OFF) else None
    return Request(
        intent=command.intent,
        dates=tuple(sorted(set(command.dates))),
        start=start,
        end=end,
        names=tuple(command.children),
        weeks_after=repeat.weeks_after if repeat else None,
        comment=comment[:MAX_COMMENT] if comment else None,
        windows=tuple(
            (day, tuple((w.from_, w.to) for w in spans)) for day, spans in command.day_windows
        ),
    )
