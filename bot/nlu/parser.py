"""From a guardian's message to one command: the pipeline.

tokens → framing masked → children → spelling → days → clock times → parts of
the day → the compact form the intent matchers read → intent and slots.
Pure: no I/O, no clock of its own; `now` comes from the caller.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.clock import STOCKHOLM
from bot.nlu import clocktimes as ct
from bot.nlu.children import ChildMention, child_index, find_children
from bot.nlu.days import DAY_STARTS, MONTHS, RELATIVE, WEEKDAYS, DayExpr, find_days
from bot.nlu.framing import mask_framing
from bot.nlu.health import health_word, phrase_matches
from bot.nlu.intents import Cue, match_cues
from bot.nlu.lexer import NUMBER, WORD, Token, tokenize
from bot.nlu.model import ParseResult
from bot.nlu.resolve import decide
from bot.nlu.spelling import SHORTHAND, Corrector
from bot.nlu.words import COMMON_WORDS, KEYWORDS

# A guardian's errand fits in far fewer words; reading no further keeps any input fast.
MAX_TOKENS = 400
MAX_WORD = 24

_GRAMMAR_WORDS = (
    set(WEEKDAYS)
    | set(MONTHS)
    | set(RELATIVE)
    | set(ct.PARTS)
    | ct.ARRIVE_WORDS
    | ct.LEAVE_WORDS
    | ct.FILLERS
)
CORRECTOR = Corrector(
    targets=[w for w in KEYWORDS | {w for w in _GRAMMAR_WORDS if len(w) >= 5}],
    known=COMMON_WORDS | _GRAMMAR_WORDS | set(SHORTHAND.values()),
)
KNOWN_WORDS: set[str] = set(COMMON_WORDS | _GRAMMAR_WORDS | KEYWORDS)

# Which readers a word can start an expression for: the readers of days, clock times and
# parts of the day look only at such words (and numbers), and are not run without any.
_DAY, _TIME, _PART = 1, 2, 4

# word -> (its corrected form or None, whether it carries health information, readers)
_WORD_INFO: dict[str, tuple[str | None, bool, int]] = {}


def _word_info(word: str) -> tuple[str | None, bool, int]:
    """What the parser makes of one word, worked out once: the same words come back all day."""
    fixed = None
    if word not in KNOWN_WORDS and len(word) <= MAX_WORD:
        fixed = CORRECTOR.correct(word)
    if fixed is not None and health_word(word) and not health_word(fixed):
        fixed = None  # a health word is not a slip for an ordinary one ("bröt", "celiaki")
    final = fixed or word
    readers = (
        (_DAY if final in DAY_STARTS else 0)
        | (_TIME if final in ct.TIME_STARTS else 0)
        | (_PART if final in ct.PART_STARTS else 0)
    )
    info = (fixed, len(final) < 40 and health_word(final), readers)
    if len(_WORD_INFO) >= 65536:
        _WORD_INFO.clear()
    _WORD_INFO[word] = info
    return info


_SENTENCE_END = frozenset({".", "!", "?", ";", "\n"})


@dataclass(slots=True)
class Analysis:
    """Everything read from one message, before an intent is chosen."""

    text: str
    today: date
    toks: list[Token]
    masked: list[bool]
    kids: list[ChildMention]
    days: list[DayExpr]
    times: list[ct.ClockExpr]
    parts: list[ct.PartExpr]
    norm: str
    piece_pos: list[int]  # start of each piece in `norm`
    piece_first: list[int]  # first token of each piece
    piece_last: list[int]
    cues: list[Cue]
    health_hits: list[int]
    health_phrases: list[tuple[int, int]]
    children: list[str]
    words: set[str]  # the pieces of `norm`

    def char_span(self, first_tok: int, last_tok: int) -> tuple[int, int, str]:
        start, end = self.toks[first_tok].start, self.toks[last_tok].end
        return start, end, self.text[start:end]

    def norm_to_tokens(self, start: int, end: int) -> tuple[int, int]:
        """The tokens behind a match in `norm`."""
        first = bisect_right(self.piece_pos, start) - 1
        last = bisect_left(self.piece_pos, end) - 1
        return self.piece_first[max(first, 0)], self.piece_last[max(last, first, 0)]


_LAST_NOW: list[tuple[datetime, date]] = []


def _today(now: datetime) -> date:
    """The Stockholm date of `now` (a message's arrival); naive times are taken as local."""
    if not isinstance(now, datetime):
        return datetime.now(STOCKHOLM).date() if now is None else now
    if now.tzinfo is None:
        return now.date()
    if _LAST_NOW and _LAST_NOW[0][0] is now:
        return _LAST_NOW[0][1]
    day = now.astimezone(STOCKHOLM).date()
    _LAST_NOW[:] = [(now, day)]
    return day


def _mark(flags: list[bool], first: int, last: int) -> None:
    flags[first : last + 1] = [True] * (last + 1 - first)


def analyse(text: str, now: datetime, children: Sequence[str]) -> Analysis:
    """Read every slot of one message, then its compact form and the cues in it."""
    text = text if isinstance(text, str) else ""
    today = _today(now)
    toks = tokenize(text, SHORTHAND, MAX_TOKENS)
    masked = mask_framing(toks)
    index = child_index(children or ())
    kids = find_children(toks, index, masked, KNOWN_WORDS)
    blocked = masked[:]
    for kid in kids:
        if not kid.group:
            _mark(blocked, kid.first, kid.last)
    starts = _scan_words(toks, blocked)
    days, times, parts = _find_slots(toks, today, kids, blocked, starts)
    pieces, piece_first, piece_last = _compact(text, toks, masked, kids, days, times, parts)
    norm = " ".join(pieces)
    piece_pos = []
    at = 0
    for piece in pieces:
        piece_pos.append(at)
        at += len(piece) + 1
    words = set(pieces)
    cues = match_cues(norm, pieces, piece_pos) if norm else []
    phrases = (
        [(piece_first[a], piece_last[b]) for a, b in phrase_matches(pieces, words)] if norm else []
    )
    return Analysis(
        text=text,
        today=today,
        toks=toks,
        masked=masked,
        kids=kids,
        days=days,
        times=times,
        parts=parts,
        norm=norm,
        piece_pos=piece_pos,
        piece_first=piece_first,
        piece_last=piece_last,
        cues=cues,
        health_hits=starts.health,
        health_phrases=phrases,
        children=index.children,
        words=words,
    )


@dataclass(slots=True)
class _Starts:
    """Where a day expression, a clock time or a part of the day may start; health words."""

    health: list[int]
    days: list[int]
    times: list[int]
    parts: list[int]


def _scan_words(toks: list[Token], blocked: list[bool]) -> _Starts:
    """One pass over the words: spelling slips corrected, health words and slot starts noted."""
    starts = _Starts([], [], [], [])
    hits, day_starts, time_starts, part_starts = (
        starts.health,
        starts.days,
        starts.times,
        starts.parts,
    )
    infos = _WORD_INFO
    for k, tok in enumerate(toks):
        if tok.kind is WORD:
            if blocked[k]:
                continue
            info = infos.get(tok.norm)
            if info is None:
                info = _word_info(tok.norm)
            if info[0] is not None:
                tok.norm = info[0]
            if info[1]:
                hits.append(k)
            readers = info[2]
            if readers:
                if readers & _DAY:
                    day_starts.append(k)
                if readers & _TIME:
                    time_starts.append(k)
                if readers & _PART:
                    part_starts.append(k)
        elif tok.kind is NUMBER:
            day_starts.append(k)
            time_starts.append(k)
            if tok.low == "1177":
                hits.append(k)
        elif tok.low == "@":
            time_starts.append(k)
    return starts


def _find_slots(
    toks: list[Token],
    today: date,
    kids: list[ChildMention],
    blocked: list[bool],
    starts: _Starts,
) -> tuple[list[DayExpr], list[ct.ClockExpr], list[ct.PartExpr]]:
    """Days first, then clock times outside them, then parts of the day outside both."""
    groups = [kid for kid in kids if kid.group]
    if groups:
        group_blocked = blocked[:]
        for kid in groups:
            _mark(group_blocked, kid.first, kid.last)
    else:
        group_blocked = blocked
    days = find_days(toks, today, group_blocked, starts.days) if starts.days else []
    taken = group_blocked[:]
    for day in days:
        _mark(taken, day.first, day.last)
    times = ct.find_times(toks, taken, starts.times) if starts.times else []
    if times:
        day_taken = taken[:]
        for t in times:
            _mark(taken, t.first, t.last)
        times = ct.assign_roles(toks, times, day_taken, blocked)
    parts = ct.find_parts(toks, blocked, taken, starts.parts) if starts.parts else []
    return days, times, parts


def _compact(
    text: str,
    toks: list[Token],
    masked: list[bool],
    kids: list[ChildMention],
    days: list[DayExpr],
    times: list[ct.ClockExpr],
    parts: list[ct.PartExpr],
) -> tuple[list[str], list[int], list[int]]:
    """The compact form: one piece per token or per slot expression, with their tokens."""
    label: dict[int, tuple[str, int]] = {}
    for kid in kids:
        label[kid.first] = ("CHILD", kid.last)
    for day in days:
        label[day.first] = ("DATE", day.last)
    for t in times:
        label[t.first] = ("RANGE" if t.end is not None else "TIME", t.last)
    for p in parts:
        label[p.first] = ("PART", p.last)
    pieces: list[str] = []
    piece_first: list[int] = []
    piece_last: list[int] = []
    add_piece = pieces.append
    add_first = piece_first.append
    add_last = piece_last.append
    n = len(toks)
    k = 0
    while k < n:
        if masked[k]:
            k += 1
            continue
        tok = toks[k]
        found = label.get(k)
        if found is not None:
            add_piece(found[0])
            add_first(k)
            add_last(found[1])
            k = found[1] + 1
            continue
        kind = tok.kind
        if kind is WORD:
            word = tok.norm
            if tok.end - tok.start == 1 and text[tok.start] in _GRADE_LETTERS:
                word = _grade(toks, k, word)
        elif kind is NUMBER:
            word = "NUM"
        else:
            sym = tok.low
            if sym in _SENTENCE_END:
                word = "?" if sym == "?" else "."
            elif sym == ",":
                word = ","
            elif _joins_contraction(toks, k, sym, piece_last):
                # contractions: "what's", "won't", "don't"
                pieces[-1] += "'" + toks[k + 1].norm
                piece_last[-1] = k + 1
                k += 2
                continue
            else:
                k += 1
                continue
        add_piece(word)
        add_first(k)
        add_last(k)
        k += 1
    return pieces, piece_first, piece_last


def _joins_contraction(toks: list[Token], k: int, sym: str, piece_last: list[int]) -> bool:
    return (
        sym in ("'", "’")
        and bool(piece_last)
        and not toks[k].gap
        and k + 1 < len(toks)
        and toks[k + 1].kind is WORD
        and not toks[k + 1].gap
        and piece_last[-1] == k - 1
    )


# A grade as a letter ("fått F", "hur många E", "an A in maths"): written as a capital next to
# a word that asks about grades, it is the piece GRADE (an "E" is otherwise shorthand for "är").
_GRADE_LETTERS = frozenset("ABCDEF")
_GRADE_BEFORE = frozenset(
    {"fått", "fick", "få", "får", "ett", "många", "betyget", "betyg", "betygen", "hade", "har"}
    | {"got", "get", "gets", "getting", "received", "an", "many", "grade", "any"}
)
_GRADE_AFTER = frozenset({"i", "in", "på", "on", "varning", "-", "?", "s", "'s", "’s"})


def _grade(toks: list[Token], k: int, word: str) -> str:
    before = toks[k - 1].norm if k > 0 else ""
    after = toks[k + 1].low if k + 1 < len(toks) else ""
    if k + 1 < len(toks) and toks[k + 1].kind is NUMBER and not toks[k + 1].gap:
        return word  # "ett A4-papper"
    if before in _GRADE_BEFORE or (after in _GRADE_AFTER and before not in ("", ".", "!", "?")):
        return "GRADE"
    return word


def _piece_at(piece_pos: list[int], at: int) -> int:
    return max(bisect_right(piece_pos, at) - 1, 0)


def parse(text: str, now: datetime, children: Sequence[str]) -> ParseResult:
    """Turn one message into one command. Never raises on odd text."""
    analysis = analyse(text, now, children)
    return decide(analysis)
