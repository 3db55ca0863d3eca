"""Settle the intent and fill the slots, following the parse contract's conventions.

The cue scores say what the words are about; the clock times and their roles
say what kind of errand it is (one end of the day: a partial absence; both
ends: a presence window). The rules that overrule plain scores live here, each
with the convention it implements.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

from bot.nlu import clocktimes as ct
from bot.nlu.children import ChildMention
from bot.nlu.health import health_spans
from bot.nlu.intents import score_cues
from bot.nlu.model import Intent, ParseResult, SlotSpan, TimeSpan
from bot.nlu.windows import day_windows

if TYPE_CHECKING:
    from bot.nlu.lexer import Token
    from bot.nlu.parser import Analysis

DAY_INTENTS = frozenset(
    {"report_absence", "cancel_absence", "schedule_day_off", "schedule_set_times"}
)
DATE_INTENTS = DAY_INTENTS | {"schedule_show", "calendar"}
# Intents a "how do I …?" question asks about rather than performs.
_HOW_DAMPENS = frozenset(
    {
        "report_absence",
        "cancel_absence",
        "schedule_day_off",
        "schedule_set_times",
        "schedule_show",
        "book_meeting",
        "logout",
        "forget_me",
        "messages",
        "news",
        "summary",
        "calendar",
    }
)
_ABSENT_CONTEXT = frozenset(
    {
        "frånvaro",
        "frånvaron",
        "frånvarande",
        "borta",
        "hemma",
        "sjuk",
        "sjuka",
        "vab",
        "tandläkaren",
        "tandläkare",
        "läkaren",
        "läkare",
        "läkarbesök",
        "vårdcentralen",
        "bvc",
        "sjukhuset",
        "absent",
        "away",
        "appointment",
        "dentist",
        "doctor",
        "möte",
        "mötet",
        "frisören",
        "klippning",
    }
)
# A clause that says a child is there as usual: "Ali kommer som vanligt", "Noah kommer.",
# "Noah and Ali are fine".
_NORMAL = re.compile(
    r"som vanligt|as usual|as normal|är (?:frisk|pigg|okej|ok)\b|ska vara där|"
    r"\b(?:is|are) (?:fine|ok|okay|well)\b|mår bra|"
    r"(?:^|[.,] |\bmen |\bbut )(?:CHILD )+(?:och CHILD )?(?:kommer|comes|is coming)(?: DATE)?(?: [.,]|$)"
)
_NEGATORS = frozenset({"inte", "ej", "utom", "förutom", "except", "not"})
_NEGATION = re.compile(r"\b(?:inte|ej|utom|förutom|except|not) (?:och )?CHILD\b")
_CLAUSE_BREAK = frozenset({".", "!", "?", ";", "\n", "men", "but"})

UNKNOWN_BELOW = 0.6
_APPOINTMENT = re.compile(
    r"\b(?:har|ha|hade|ska på|fått) (?:en )?tid\b|\btid hos\b|\bappointment\b"
)


_NO_TIMES: list[ct.ClockExpr] = []  # shared, never appended to


def _lift(scores: dict[str, float], intent: str, to: float) -> None:
    if scores.get(intent, 0.0) < to:
        scores[intent] = to


@dataclass(frozen=True, slots=True)
class _Roles:
    """The message's clock times by what they say of the day."""

    arrive: list[ct.ClockExpr]
    leave: list[ct.ClockExpr]
    appoint: list[ct.ClockExpr]
    loose: list[ct.ClockExpr]
    ranges: list[ct.ClockExpr]


_NO_ROLES = _Roles(_NO_TIMES, _NO_TIMES, _NO_TIMES, _NO_TIMES, _NO_TIMES)


def _roles(times: list[ct.ClockExpr]) -> _Roles:
    if not times:
        return _NO_ROLES
    roles = _Roles([], [], [], [], [])
    by_role = {
        ct.ARRIVE: roles.arrive,
        ct.LEAVE: roles.leave,
        ct.APPOINTMENT: roles.appoint,
        None: roles.loose,
    }
    for t in times:
        (roles.ranges if t.end is not None else by_role[t.role]).append(t)
    return roles


def decide(a: Analysis) -> ParseResult:
    """The intent from the adjusted cue scores, then every slot the contract asks for."""
    roles = _roles(a.times)
    health = bool(a.health_hits or a.health_phrases)
    scores = _scores(a, roles, health)
    intent, score, alternatives = _choose(scores)
    kids = _children(a, intent) if a.kids else []
    if not kids:
        children: list[str] = []
    elif len(kids) == 1 and len(kids[0].names) == 1:
        children = list(kids[0].names)
    else:
        children = sorted({name for k in kids for name in k.names}, key=str.casefold)
    invalid = [d for d in a.days if d.invalid] if a.days else []
    dates = _dates(a, intent) if a.days and not invalid else []
    if intent in DAY_INTENTS:
        if not dates and not invalid:
            dates = [a.today]
    elif intent not in DATE_INTENTS:
        dates = []
        invalid = []
    span, span_toks = _span(a, intent, roles)
    spans, hspans = _slot_spans(a, intent, kids, span_toks, health)
    toks, text = a.toks, a.text
    return ParseResult.trusted(
        intent,
        children,
        dates,
        span,  # type: ignore[arg-type]
        health,
        round(score, 3),  # within 0..1: cue weights are, and "unknown" is 1 minus one
        alternatives,  # type: ignore[arg-type]
        spans,
        hspans,
        [_quote(toks, text, d.first, d.last) for d in invalid],
        _day_windows(a, dates) if intent == "schedule_set_times" and a.times and dates else [],
    )


def _scores(a: Analysis, roles: _Roles, health: bool) -> dict[str, float]:
    """The cue scores, with the rules that overrule them (each a convention of the contract)."""
    scores = score_cues(a.cues)
    if "cancel_absence" in scores and len(a.kids) > 1:
        scores = _drop_other_childs_normal(a, scores)
    if a.times:
        _clock_rules(a, roles, health, scores)
    if health:
        _lift(scores, "report_absence", 0.8)
    if a.parts:
        if any(_near_verb(a, p.first) for p in a.parts):
            _lift(scores, "report_absence", 0.88)  # "går hem efter lunch", "kommer vid lunch"
        elif any(not k.group for k in a.kids) and not scores:
            _lift(scores, "report_absence", 0.7)
    cal = scores.get("calendar", 0.0)
    if (
        0.0 < cal < 0.9
        and a.days
        and not a.norm.endswith("?")
        and all(d < a.today for e in a.days for d in e.dates)
    ):
        # "det var jättekul på utflykten igår!": a story about a past event, no question
        scores["calendar"] = UNKNOWN_BELOW / 2
    # "hur anmäler jag frånvaro?" asks how; secure content still wins (privacy first).
    if scores.get("help", 0.0) >= 0.96:
        for name in _HOW_DAMPENS:
            if name in scores:
                scores[name] = round(scores[name] * 0.9, 3)
    return scores


def _clock_rules(a: Analysis, roles: _Roles, health: bool, scores: dict[str, float]) -> None:
    """Both ends of the day: a presence window, unless the child is away then; one end:
    arriving late or leaving early, a partial absence."""
    words = a.words
    arrive, leave = roles.arrive, roles.leave
    absent_context = (
        health or not words.isdisjoint(_ABSENT_CONTEXT) or bool(_APPOINTMENT.search(a.norm))
    )
    presence = bool(roles.ranges) or bool(
        arrive and leave and arrive[0].start < leave[0].start and not absent_context
    )
    if presence:
        if absent_context and scores.get("schedule_show", 0.0) < 0.9:
            _lift(scores, "report_absence", 0.93)
        else:
            setting = scores.get("schedule_show", 0.0) >= 0.85 or "ändra" in words
            _lift(scores, "schedule_set_times", 0.96 if setting else 0.94)
            if "schedule_show" in scores:
                scores["schedule_show"] = min(scores["schedule_show"], 0.8)
            if "report_absence" in scores and not absent_context:
                scores["report_absence"] = min(scores["report_absence"], 0.9)
    elif arrive or leave or roles.appoint:
        _lift(scores, "report_absence", 0.9)
        if "schedule_show" in scores and not a.norm.endswith("?"):
            scores["schedule_show"] = min(scores["schedule_show"], 0.85)


def _choose(scores: dict[str, float]) -> tuple[Intent, float, list[tuple[str, float]]]:
    """The best intent (unknown below the floor) and the runners-up worth offering."""
    ranked = sorted(scores.items(), key=_rank)
    if not ranked or ranked[0][1] < UNKNOWN_BELOW:
        intent: Intent = "unknown"
        score = 1.0 - (ranked[0][1] if ranked else 0.0)
    else:
        intent = ranked[0][0]  # type: ignore[assignment]
        score = ranked[0][1]
    alternatives = [(k, round(v, 3)) for k, v in ranked if k != intent and v >= 0.5][:3]
    return intent, score, alternatives


def _slot_spans(
    a: Analysis,
    intent: str,
    kids: list[ChildMention],
    span_toks: list[tuple[int, int]],
    health: bool,
) -> tuple[dict[str, list[SlotSpan]], list[tuple[int, int]]]:
    """Where each slot was read, as (start, end, text) in the message: for the reply."""
    toks = a.toks
    text = a.text
    spans: dict[str, list[SlotSpan]] = {}
    if span_toks:
        spans["span"] = [_quote(toks, text, f, last) for f, last in span_toks]
    if kids:
        spans["children"] = [_quote(toks, text, k.first, k.last) for k in kids]
    if a.days and intent in DATE_INTENTS:
        spans["dates"] = [_quote(toks, text, d.first, d.last) for d in a.days if not d.invalid]
        if not spans["dates"]:
            del spans["dates"]
    hspans: list[tuple[int, int]] = []
    if health:
        keep = [False] * len(toks)
        for first, last in (
            [(k.first, k.last) for k in a.kids]
            + [(d.first, d.last) for d in a.days]
            + [(t.first, t.last) for t in a.times]
        ):
            keep[first : last + 1] = [True] * (last + 1 - first)
        hspans = health_spans(toks, a.health_hits, a.health_phrases, keep)
    if hspans:
        spans["health"] = [(s, e, text[s:e]) for s, e in hspans]
    cue_spans = []
    pos, firsts, lasts = a.piece_pos, a.piece_first, a.piece_last
    for cue in a.cues:
        if cue.intent == intent:
            # the tokens behind the cue's pieces (Analysis.norm_to_tokens, inlined)
            head = bisect_right(pos, cue.start) - 1
            tail = bisect_left(pos, cue.end) - 1
            first = firsts[max(head, 0)]
            last = lasts[max(tail, head, 0)]
            start, end = toks[first].start, toks[last].end
            cue_spans.append((start, end, text[start:end]))
    if cue_spans:
        spans["intent"] = cue_spans
    return spans, hspans


def _day_windows(a: Analysis, dates: list[date]) -> list[tuple[date, tuple[TimeSpan, ...]]]:
    """Several windows in one message, each day with its own (see `bot.nlu.windows`)."""
    found = day_windows(a.toks, a.days, a.times)
    if not found:
        return []
    wanted = set(dates)
    return [
        (day, tuple(_ts(frm, to) for frm, to in windows))
        for day, windows in found
        if day in wanted
    ]


def _rank(item: tuple[str, float]) -> tuple[float, float]:
    """Highest score first; on a tie, the intent the contract lets win."""
    return -item[1], _PRIORITY.get(item[0], 99)


def _quote(toks: list[Token], text: str, first: int, last: int) -> SlotSpan:
    start, end = toks[first].start, toks[last].end
    return start, end, text[start:end]


def _dates(a: Analysis, intent: str) -> list[date]:
    """The days the command concerns, from the day expressions read."""
    days = a.days
    ranges_ok = intent in DAY_INTENTS
    if len(days) == 1:
        e = days[0]
        return sorted(set(e.dates if ranges_ok or e.until is None else e.until))
    today = a.today
    if ranges_ok:
        if any(e.weekend for e in days) and not all(e.weekend for e in days):
            # "feber hela helgen, hemma idag": the weekend has no school day to report
            days = [e for e in days if not e.weekend]
        if any(d >= today for e in days for d in e.dates):
            # "bröt armen igår och är hemma idag": a day wholly past is the story, not the errand
            days = [e for e in days if any(d >= today for d in e.dates)]
    return sorted(
        {d for e in days for d in (e.dates if ranges_ok or e.until is None else e.until)}
    )


_PRIORITY = {
    "secure_content": 0,
    "forget_me": 1,
    "my_data": 1.5,
    "logout": 2,
    "cancel_absence": 3,
    "book_meeting": 4,
    "schedule_day_off": 5,
    "report_absence": 6,
    "schedule_set_times": 7,
    "help": 8,
    "support": 9,
    "schedule_show": 10,
    "calendar": 11,
    "messages": 12,
    "news": 13,
    "summary": 14,
}


def _drop_other_childs_normal(a: Analysis, scores: dict[str, float]) -> dict[str, float]:
    """Scores without the "is well" cues of a clause about another child than the errand's.

    "Elsa har feber. Nils är frisk och kommer." reports Elsa; Nils being well cancels
    nothing. Only when every cancel cue sits in such a clause and another clause names a
    child of its own.
    """
    clause_of, texts = _clauses(a)
    normal = {c for c, text in texts.items() if _NORMAL.search(text)}
    if not normal:
        return scores
    other_child = any("CHILD" in text.split(" ") and c not in normal for c, text in texts.items())
    if not other_child:
        return scores
    kept = []
    for cue in a.cues:
        if cue.intent == "cancel_absence":
            first, _ = a.norm_to_tokens(cue.start, cue.end)
            if clause_of.get(first, -1) in normal:
                continue
        kept.append(cue)
    if any(c.intent == "cancel_absence" for c in kept):
        return scores
    return score_cues(kept)


def _clauses(a: Analysis) -> tuple[dict[int, int], dict[int, str]]:
    """Clause of each piece's first token, and each clause's compact text.

    Sentences, "men"/"but" and commas split clauses; a comma inside a list of names
    ("Saga, Noah och Ali") does not.
    """
    clause_of: dict[int, int] = {}
    texts: dict[int, list[str]] = {0: []}
    clause = 0
    for piece, first in zip(a.norm.split(" "), a.piece_first, strict=False):
        if piece in _CLAUSE_BREAK or (piece == "," and any(w != "CHILD" for w in texts[clause])):
            clause += 1
            texts[clause] = []
            continue
        clause_of[first] = clause
        texts[clause].append(piece)
    return clause_of, {c: " ".join(ws) for c, ws in texts.items()}


def _children(a: Analysis, intent: str) -> list[ChildMention]:
    if not a.kids:
        return []
    if len(a.kids) == 1 or (not _NORMAL.search(a.norm) and not _NEGATION.search(a.norm)):
        return list(a.kids)
    clause_of, texts = _clauses(a)
    normal_clauses = {c for c, text in texts.items() if _NORMAL.search(text)}
    kept: list[ChildMention] = []
    negated: list[ChildMention] = []
    for k in a.kids:
        prev = a.toks[k.first - 1].norm if k.first > 0 else ""
        if prev in _NEGATORS or (
            prev == "och" and k.first > 1 and a.toks[k.first - 2].norm in _NEGATORS
        ):
            negated.append(k)
        else:
            kept.append(k)
    if intent != "cancel_absence" and normal_clauses:
        busy = [k for k in kept if clause_of.get(k.first, -1) not in normal_clauses]
        if busy:
            kept = busy
    if negated and kept:
        drop = {n for k in negated for n in k.names}
        out = []
        for k in kept:
            names = [n for n in k.names if n not in drop]
            if names:
                out.append(ChildMention(k.first, k.last, names, k.group, k.typo))
        kept = out
    return kept


def _near_verb(a: Analysis, first: int) -> str | None:
    """Arrive or leave, from the verb before a part-of-day phrase ("kommer efter lunch")."""
    for k in range(first - 1, max(first - 7, -1), -1):
        word = a.toks[k].norm
        if word in (".", "!", "?", ";", "\n"):
            break
        if word in ct.ARRIVE_WORDS:
            return ct.ARRIVE
        if word in ct.LEAVE_WORDS:
            return ct.LEAVE
    return None


def _span(
    a: Analysis, intent: str, roles: _Roles
) -> tuple[str | TimeSpan | None, list[tuple[int, int]]]:
    arrive, leave, appoint = roles.arrive, roles.leave, roles.appoint
    loose, ranges = roles.loose, roles.ranges
    if intent == "schedule_set_times":
        if ranges:
            r = ranges[0]
            return _ts(r.start, r.end), [(r.first, r.last)]
        if arrive or leave:
            frm = arrive[0] if arrive else None
            to = leave[0] if leave else None
            toks = [(t.first, t.last) for t in (frm, to) if t is not None]
            return _ts(frm.start if frm else None, to.start if to else None), toks
        return None, []
    if intent != "report_absence":
        return None, []
    if ranges:
        r = ranges[0]
        return _ts(r.start, r.end), [(r.first, r.last)]
    if arrive and leave:
        lv, ar = leave[0], arrive[0]
        if lv.start < ar.start:
            return _ts(lv.start, ar.start), [(lv.first, lv.last), (ar.first, ar.last)]
        return _ts(ar.start, lv.start), [(ar.first, ar.last), (lv.first, lv.last)]
    if arrive:
        return _ts(None, arrive[0].start), [(arrive[0].first, arrive[0].last)]
    if leave:
        return _ts(leave[0].start, None), [(leave[0].first, leave[0].last)]
    if appoint:
        return _ts(appoint[0].start, None), [(appoint[0].first, appoint[0].last)]
    for p in a.parts:
        if p.part in (ct.MORNING, ct.AFTERNOON, ct.FULL_DAY):
            return p.part, [(p.first, p.last)]
        verb = _near_verb(a, p.first)
        if p.part == ct.AFTER_LUNCH:
            return (ct.MORNING if verb == ct.ARRIVE else ct.AFTERNOON), [(p.first, p.last)]
        if p.part == ct.BEFORE_LUNCH:
            return (ct.AFTERNOON if verb == ct.LEAVE else ct.MORNING), [(p.first, p.last)]
    if loose:
        return _ts(loose[0].start, None), [(loose[0].first, loose[0].last)]
    return ct.FULL_DAY, []


_SPANS: dict[tuple[time | None, time | None], TimeSpan] = {}


def _ts(frm: time | None, to: time | None) -> TimeSpan:
    """The span for two clock times; frozen, so one object serves every message."""
    span = _SPANS.get((frm, to))
    if span is None:
        if len(_SPANS) >= 4096:
            _SPANS.clear()
        span = _SPANS[(frm, to)] = TimeSpan(from_=frm, to=to)
    return span
