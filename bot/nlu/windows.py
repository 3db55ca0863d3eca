"""Which presence windows go with which days, when one message sets several.

"7.15–16.15 mån–tors nästa vecka och fredag 7.15–14" is two rules; "mån till
tors 7.30–16, men onsdag hämtar vi 15" is a rule and an exception that moves one
end; "fritids 7-8 och 13-17 imorgon" is one day with a morning and an afternoon
window. The contract's `span` holds one window; this reading keeps them all, as
the days in order with their windows, for the schedule errand to write.

Each day expression takes the time group next to it that belongs to it: the one
in the same clause (no comma, "och" or "men" between), else the one the
message's order points at (days first: "måndag 8-16, tisdag 9-15"; times first:
"8-16 måndag och 9-15 tisdag"). Days listed together with no time of their own
share their neighbour's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from bot.nlu.clocktimes import ARRIVE, LEAVE, ClockExpr
from bot.nlu.days import DayExpr
from bot.nlu.lexer import Token

# (from, to): a missing end keeps what the day already has ("men onsdag hämtar vi 15")
Window = tuple[time | None, time | None]
DayWindows = tuple[date, tuple[Window, ...]]

# Words that join two windows of one day: "7-8 och 13-17", "7-8 och sen 13.30-17".
_JOIN = frozenset({"och", "o", "and", ",", "+", "&", "samt", "sedan", "sen", "then", "plus"})
# Words that end a clause: a time across them belongs to another day.
_CLAUSE_BREAK = frozenset({",", ".", ";", "!", "?", "\n", "men", "but", "och", "and", "samt"})
_SENTENCE_OR_BUT = frozenset({",", ".", ";", "!", "?", "\n", "men", "but"})


@dataclass(slots=True)
class _Times:
    first: int
    last: int
    windows: list[Window]


def _groups(toks: list[Token], times: list[ClockExpr]) -> list[_Times]:
    """Clock times joined into groups of windows; an arrival then a departure is one window."""
    groups: list[_Times] = []
    pending: ClockExpr | None = None  # an arrival waiting for its departure
    for t in sorted(times, key=lambda t: t.first):
        gap = range(groups[-1].last + 1, t.first) if groups else range(0)
        joined = bool(groups) and all(toks[k].low in _JOIN or toks[k].norm in _JOIN for k in gap)
        # "lämnar 8 hämtar 15.30": the departure closes the arrival's window
        pair = (
            pending is not None
            and t.end is None
            and t.role == LEAVE
            and not any(toks[k].low in _SENTENCE_OR_BUT for k in gap)
        )
        if not (joined or pair):
            groups.append(_Times(t.first, t.last, []))
            pending = None
        group = groups[-1]
        group.last = t.last
        if t.end is not None:
            group.windows.append((t.start, t.end))
            pending = None
        elif t.role == LEAVE and pending is not None and pending.start < t.start:
            group.windows[-1] = (pending.start, t.start)
            pending = None
        elif t.role == LEAVE:
            group.windows.append((None, t.start))
        elif t.role == ARRIVE:
            group.windows.append((t.start, None))
            pending = t
    return [g for g in groups if g.windows]


def _clause_gap(toks: list[Token], first: int, last: int) -> bool:
    """Whether a clause break lies between two token positions."""
    return any(toks[k].low in _CLAUSE_BREAK for k in range(first, last))


def day_windows(
    toks: list[Token], days: list[DayExpr], times: list[ClockExpr]
) -> list[DayWindows] | None:
    """The days with their windows, in date order; None when one window serves every day."""
    groups = _groups(toks, times)
    days = [d for d in days if d.dates and not d.invalid]
    if not groups or not days:
        return None
    if len(groups) == 1 and len(groups[0].windows) == 1:
        return None
    items: list[tuple[int, DayExpr | _Times]] = sorted(
        [(d.first, d) for d in days] + [(g.first, g) for g in groups], key=lambda x: x[0]
    )
    days_first = isinstance(items[0][1], DayExpr)
    chosen: dict[int, _Times] = {}  # index in items -> its group
    for n, (_, item) in enumerate(items):
        if not isinstance(item, DayExpr):
            continue
        before = items[n - 1][1] if n > 0 else None
        after = items[n + 1][1] if n + 1 < len(items) else None
        prev = before if isinstance(before, _Times) else None
        nxt = after if isinstance(after, _Times) else None
        if prev is not None and nxt is not None:
            prev_ok = not _clause_gap(toks, prev.last + 1, item.first)
            next_ok = not _clause_gap(toks, item.last + 1, nxt.first)
            if prev_ok != next_ok:
                chosen[n] = prev if prev_ok else nxt
            else:
                chosen[n] = nxt if days_first else prev
        elif prev is not None or nxt is not None:
            chosen[n] = prev or nxt  # type: ignore[assignment]
    # Days listed with no time beside them take their neighbour's ("måndag och tisdag 8-16").
    for n, (_, item) in enumerate(items):
        if isinstance(item, DayExpr) and n not in chosen:
            for m in (n + 1, n - 1) if days_first else (n - 1, n + 1):
                if 0 <= m < len(items) and m in chosen:
                    chosen[n] = chosen[m]
                    break
    per_day: dict[date, list[Window]] = {}
    for n, (_, item) in enumerate(items):
        group = chosen.get(n)
        if group is None or not isinstance(item, DayExpr):
            continue
        for day in item.dates:
            per_day[day] = _over(per_day.get(day), group.windows)
    if not per_day:
        return None
    return [(day, tuple(per_day[day])) for day in sorted(per_day)]


def _over(before: list[Window] | None, windows: list[Window]) -> list[Window]:
    """A later rule for a day replaces the earlier; an open end keeps the earlier's end."""
    if before is None or all(a is not None and b is not None for a, b in windows):
        return list(windows)
    base_from = before[0][0]
    base_to = before[-1][1]
    return [
        (a if a is not None else base_from, b if b is not None else base_to) for a, b in windows
    ]
