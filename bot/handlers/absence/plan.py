"""Which honest way each asked-for day takes: the Hub now, a filing later, or a leave request.

The Hub takes absence only for its today and tomorrow. A later day is either
filed automatically the evening before (a durable job) or asked for as leave;
a week or more is always a leave request. Keeping this pure means the rules
can be read and tested without a Hub, and what goes into stored prompts and
jobs is only structured data (never words from the guardian's message).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from bot.clock import STOCKHOLM
from bot.hub.models import AbsenceSpan
from bot.nlu import TimeSpan

Mode = Literal["now", "later", "leave"]
NOW: Mode = "now"
LATER: Mode = "later"
LEAVE: Mode = "leave"

# A run of this many weekdays (a week) is a leave request, not a string of absences.
LEAVE_MIN_WEEKDAYS = 5
# Later days are filed the evening before, when the Hub calls them "tomorrow".
FILE_AT = time(18, 0)

SpanJson = str | dict[str, str | None]


# -- spans ----------------------------------------------------------------------------------------


def span_from_command(span: str | TimeSpan | None) -> AbsenceSpan:
    """The parser's span as the Hub's; raises ValueError for times that make no sense."""
    if span is None or span == "full_day":
        return AbsenceSpan.full_day()
    if span == "morning":
        return AbsenceSpan.morning()
    if span == "afternoon":
        return AbsenceSpan.afternoon()
    if isinstance(span, TimeSpan):
        return AbsenceSpan.between(span.from_, span.to)
    raise ValueError(f"unknown span {span!r}")


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def span_to_json(span: AbsenceSpan) -> SpanJson:
    if span.part == "times":
        return {"from": _hhmm(span.from_time), "to": _hhmm(span.to_time)}
    return span.part


def span_from_json(value: Any) -> AbsenceSpan:
    if isinstance(value, dict):
        start, end = value.get("from"), value.get("to")
        return AbsenceSpan.between(
            time.fromisoformat(start) if start else None,
            time.fromisoformat(end) if end else None,
        )
    if value in ("day", "morning", "afternoon"):
        return AbsenceSpan(part=value)
    raise ValueError(f"unknown stored span {value!r}")


# -- filings --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filing:
    """One thing to do for one child: an absence (now or later) or a leave request."""

    mode: Mode
    child: str  # the Hub's SwitchPupil id
    name: str  # first name, for replies
    start: date
    end: date
    span: AbsenceSpan

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "child": self.child,
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "span": span_to_json(self.span),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Filing:
        mode: Mode
        if value["mode"] == NOW:
            mode = NOW
        elif value["mode"] == LATER:
            mode = LATER
        elif value["mode"] == LEAVE:
            mode = LEAVE
        else:
            raise ValueError(f"unknown filing mode {value['mode']!r}")
        return cls(
            mode=mode,
            child=str(value["child"]),
            name=str(value["name"]),
            start=date.fromisoformat(str(value["start"])),
            end=date.fromisoformat(str(value["end"])),
            span=span_from_json(value["span"]),
        )

    @property
    def days(self) -> list[date]:
        """The weekdays a leave request covers (the one day for an absence)."""
        if self.start == self.end:
            return [self.start]
        return [d for d in _every_day(self.start, self.end) if d.weekday() < 5]


@dataclass(frozen=True, slots=True)
class ChildRef:
    id: str
    name: str


@dataclass(slots=True)
class Plan:
    filings: list[Filing]
    past: list[date]

    @property
    def later(self) -> list[Filing]:
        return [f for f in self.filings if f.mode == LATER]


def _every_day(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _adjacent(a: date, b: date) -> bool:
    """Only a weekend lies between, so a week off reads as one run across Saturday."""
    return all(d.weekday() >= 5 for d in _every_day(a + timedelta(days=1), b - timedelta(days=1)))


def runs(days: Iterable[date]) -> list[list[date]]:
    out: list[list[date]] = []
    for day in sorted(set(days)):
        if out and _adjacent(out[-1][-1], day):
            out[-1].append(day)
        else:
            out.append([day])
    return out


def plan(
    children: Sequence[ChildRef], dates: Sequence[date], span: AbsenceSpan, today: date
) -> Plan:
    """Each child gets the same days; each day (or run of days) its honest way."""
    days = sorted(set(dates)) or [today]
    past = [d for d in days if d < today]
    reachable = today + timedelta(days=1)
    filings: list[Filing] = []
    for child in children:
        for run in runs(d for d in days if d >= today):
            weekdays = [d for d in run if d.weekday() < 5]
            if len(weekdays) >= LEAVE_MIN_WEEKDAYS:
                filings.append(
                    Filing(LEAVE, child.id, child.name, run[0], run[-1], AbsenceSpan.full_day())
                )
                continue
            for day in run:
                mode = NOW if day <= reachable else LATER
                filings.append(Filing(mode, child.id, child.name, day, day, span))
    return Plan(filings, past)


def as_leave(filings: Sequence[Filing]) -> list[Filing]:
    """Later days turned into leave requests, one per child and run of days."""
    out: list[Filing] = []
    by_child: dict[tuple[str, str], list[date]] = {}
    for f in filings:
        by_child.setdefault((f.child, f.name), []).append(f.start)
    for (child, name), days in by_child.items():
        for run in runs(days):
            out.append(Filing(LEAVE, child, name, run[0], run[-1], AbsenceSpan.full_day()))
    return out


def filing_time(day: date, now: datetime) -> datetime:
    """18:00 the evening before, or now if that has passed."""
    evening = datetime.combine(day - timedelta(days=1), FILE_AT, STOCKHOLM)
    return max(evening, now)


Which = Literal["today", "tomorrow"]


def which_day(day: date, today: date) -> Which:
    """The Hub's name for a day within reach (the caller has checked it is)."""
    return "today" if day == today else "tomorrow"


def within_reach(day: date, today: date) -> bool:
    return today <= day <= today + timedelta(days=1)


def with_mode(filing: Filing, mode: Mode) -> Filing:
    return replace(filing, mode=mode)
