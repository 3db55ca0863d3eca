"""Clock times and parts of the day, and what each time means for the child.

A bare number is only a time where the words around it say so ("kommer 10",
"kl 10", "8-16"): "fyller 80" or "alla 3" are not. Each time gets a role from
the nearest verb before it: arriving ("kommer", "lämnas", "börjar") or leaving
("hämtas", "går hem", "slutar"), which is what decides between a partial
absence and a presence window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from bot.nlu.days import DASHES, NUMBER_WORDS
from bot.nlu.lexer import NUMBER, SYMBOL, WORD, Token

ARRIVE = "arrive"
LEAVE = "leave"
APPOINTMENT = "appointment"

MORNING = "morning"
AFTERNOON = "afternoon"
FULL_DAY = "full_day"
AFTER_LUNCH = "after_lunch"
BEFORE_LUNCH = "before_lunch"

HOUR_WORDS: dict[str, int] = {
    **{k: v for k, v in NUMBER_WORDS.items() if k not in ("en", "a", "an")},
    "elva": 11,
    "tolv": 12,
    "eleven": 11,
    "twelve": 12,
}
MARKERS = frozenset({"kl", "klockan", "klo", "kl.", "at", "@"})
# Words that may sit between a verb and its time: "kommer in ca kl 10", "arrives at about 10".
FILLERS = frozenset(
    {
        "ca",
        "cirka",
        "c",
        "runt",
        "kring",
        "vid",
        "typ",
        "ungefär",
        "ungef",
        "först",
        "redan",
        "in",
        "at",
        "around",
        "about",
        "approx",
        "approximately",
        "by",
        "kl",
        "klockan",
        "efter",
        "innan",
        "före",
        "tidigast",
        "senast",
        "nog",
        ".",
        ",",
        "hon",
        "han",
        "hen",
        "den",
        "honom",
        "henne",
        "barnen",
        "dem",
        "dom",
        "de",
        "vi",
        "jag",
        "ni",
        "till",
        "skolan",
        "förskolan",
        "fritids",
        "dagis",
        "school",
        "preschool",
        "there",
        "där",
        "up",
        "off",
        "tillbaka",
        "back",
        "tidigare",
        "earlier",
        "senare",
        "later",
        "och",
        "and",
        "o",
        "the",
        "is",
        "will",
        "be",
        "ska",
        "blir",
        "bli",
        "e",
        "är",
        "lite",
        "sen",
        "sent",
        "late",
        "tidigt",
        "early",
        "nu",
        "på",
        "from",
        "från",
    }
)
ARRIVE_WORDS = frozenset(
    {
        "kommer",
        "komma",
        "kom",
        "kmr",
        "börjar",
        "börja",
        "lämnas",
        "lämnar",
        "lämna",
        "lämnad",
        "lämnade",
        "lämnat",
        "lämning",
        "lämningen",
        "ankommer",
        "dyker",
        "arrives",
        "arrive",
        "arriving",
        "arrival",
        "comes",
        "come",
        "coming",
        "starts",
        "start",
        "starting",
        "drop",
        "dropoff",
        "dropped",
        "dropping",
    }
)
LEAVE_WORDS = frozenset(
    {
        "hämtas",
        "hämtar",
        "hämta",
        "hämtad",
        "hämtat",
        "hämtade",
        "hämtning",
        "hämtningen",
        "slutar",
        "sluta",
        "slutat",
        "går",
        "gå",
        "åker",
        "åka",
        "hem",
        "leaves",
        "leave",
        "leaving",
        "pick",
        "picked",
        "pickup",
        "picking",
        "collect",
        "collected",
        "collecting",
        "finishes",
        "finish",
        "ends",
        "home",
        "goes",
    }
)
ABSENT_WORDS = frozenset(
    {"hemma", "borta", "frånvaro", "frånvarande", "ledig", "sjuk", "absent", "away", "off"}
)
# Being there: "ska vara på fritids till 17", "stannar kvar till 16" (the day's end).
PRESENT_WORDS = frozenset({"vara", "stannar", "stanna", "kvar", "där", "stay", "stays", "be"})
APPOINTMENT_WORDS = frozenset(
    {
        "tid",
        "tandläkaren",
        "tandläkare",
        "läkaren",
        "läkare",
        "doktorn",
        "vårdcentralen",
        "bvc",
        "sjukhuset",
        "möte",
        "mötet",
        "appointment",
        "dentist",
        "doctor",
        "klippning",
        "frisören",
    }
)
PARTS: dict[str, str] = {
    "fm": MORNING,
    "förmiddag": MORNING,
    "förmiddagen": MORNING,
    "förmiddagar": MORNING,
    "förmiddan": MORNING,
    "formiddag": MORNING,
    "formiddagen": MORNING,
    "morgonen": MORNING,
    "morgon": MORNING,
    "morgnar": MORNING,
    "morning": MORNING,
    "em": AFTERNOON,
    "eftermiddag": AFTERNOON,
    "eftermiddagen": AFTERNOON,
    "eftermiddagar": AFTERNOON,
    "eftermiddan": AFTERNOON,
    "efm": AFTERNOON,
    "afternoon": AFTERNOON,
    "heldag": FULL_DAY,
    "heldagen": FULL_DAY,
}


@dataclass(slots=True)
class ClockExpr:
    first: int
    last: int
    start: time
    end: time | None = None  # set for an interval
    strong: bool = False  # minutes, "kl", am/pm: a time whatever the context
    role: str | None = None


@dataclass(slots=True)
class PartExpr:
    first: int
    last: int
    part: str


def _hm(hour: int, minute: int) -> time | None:
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return time(hour, minute)
    return None


class _Reader:
    def __init__(self, toks: list[Token], blocked: list[bool]) -> None:
        self.toks = toks
        self.blocked = blocked
        self.n = len(toks)

    def norm(self, i: int) -> str | None:
        if 0 <= i < self.n and not self.blocked[i]:
            return self.toks[i].norm
        return None

    def number(self, i: int) -> int | None:
        if 0 <= i < self.n and not self.blocked[i] and self.toks[i].kind == NUMBER:
            return self.toks[i].value
        return None

    def tight(self, i: int) -> bool:
        return 0 <= i < self.n and not self.toks[i].gap

    def hour_word(self, i: int) -> int | None:
        value = self.number(i)
        if value is not None:
            return value if 0 <= value <= 24 and len(self.toks[i].low) <= 2 else None
        word = self.norm(i)
        return HOUR_WORDS.get(word) if word else None

    def clock(self, i: int, marked: bool) -> tuple[int, int, int, bool] | None:
        """(hour, minute, last index, strong) for a time starting at i."""
        word = self.norm(i)
        if word in ("halv", "half", "kvart", "quarter", "fem", "tio", "five", "ten", "twenty"):
            spoken = self.spoken(i)
            if spoken is not None:
                return spoken
        value = self.number(i)
        if value is None:
            if marked and word in HOUR_WORDS:
                return HOUR_WORDS[word], 0, i, True
            if word in ("noon", "midday", "lunchtid"):
                return 12, 0, i, True
            return None
        low = self.toks[i].low
        if len(low) in (3, 4):  # "kl 0830", "kommer 0930"
            hour, minute = divmod(value, 100)
            if not 6 <= hour <= 20 and not marked:
                return None
            return (hour, minute, i, marked) if _hm(hour, minute) else None
        if len(low) > 2:
            return None
        hour, minute, last, strong = value, 0, i, marked
        meridiem = False
        sep = self.norm(i + 1)
        if sep in (".", ":") and self.tight(i + 1) and self.tight(i + 2):
            mins = self.number(i + 2)
            if mins is not None and len(self.toks[i + 2].low) == 2 and mins < 60:
                minute, last, strong = mins, i + 2, True
        suffix = self.norm(last + 1)
        if suffix in ("am", "pm", "a", "p") and (suffix in ("am", "pm") or self.tight(last + 1)):
            if suffix in ("a", "p"):
                if self.norm(last + 2) != "." or self.norm(last + 3) != "m":
                    return (hour, minute, last, strong) if hour <= 24 else None
                last += 3
                if self.norm(last + 1) == ".":
                    last += 1
            else:
                last += 1
            if suffix.startswith("p") and hour < 12:
                hour += 12
            if suffix.startswith("a") and hour == 12:
                hour = 0
            strong = meridiem = True
        elif suffix == "em" and hour < 12 and (strong or marked):
            hour += 12
            last += 1
            meridiem = True
        elif suffix == "fm" and (strong or marked):
            last += 1
            meridiem = True
        if hour > 23:
            return None
        if not meridiem:
            hour = _afternoonish(hour)
        return hour, minute, last, strong

    def spoken(self, i: int) -> tuple[int, int, int, bool] | None:
        word = self.norm(i)
        if word in ("halv",):
            hour = self.hour_word(i + 1)
            if hour is not None and 1 <= hour <= 12:
                return _afternoonish((hour - 1) % 24), 30, i + 1, True
            return None
        if word == "half" and self.norm(i + 1) == "past":
            hour = self.hour_word(i + 2)
            if hour is not None:
                return _afternoonish(hour), 30, i + 2, True
            return None
        minutes = {"kvart": 15, "quarter": 15, "fem": 5, "tio": 10, "five": 5, "ten": 10}
        minutes["twenty"] = 20
        if word in minutes:
            j = i + 1
            if self.norm(j) == "a" and word == "quarter":
                j += 1  # "a quarter past"
            how = self.norm(j)
            hour = self.hour_word(j + 1)
            if hour is None:
                return None
            m = minutes[word]
            if how in ("över", "past", "after"):
                return _afternoonish(hour), m, j + 1, True
            if how in ("i", "to", "before"):
                return _afternoonish((hour - 1) % 24), 60 - m, j + 1, True
        return None


_STARTS = (
    MARKERS
    | frozenset(HOUR_WORDS)
    | {"mellan", "between", "från", "from", "halv", "half", "kvart", "quarter", "twenty"}
    | {"noon", "midday", "lunchtid", "@"}
)


# Words a clock time or a part of the day can start with (numbers aside).
TIME_STARTS = _STARTS


def _afternoonish(hour: int) -> int:
    """School hours: "hämtas 3" is 15:00, "kommer 1" is 13:00."""
    return hour + 12 if 1 <= hour <= 5 else hour


def find_times(
    toks: list[Token], blocked: list[bool], candidates: Iterable[int] | None = None
) -> list[ClockExpr]:
    """Clock times and intervals; `candidates`, when known, are where one may start."""
    reader = _Reader(toks, blocked)
    out: list[ClockExpr] = []
    n = len(toks)
    starts = _STARTS
    resume = 0
    for i in range(n) if candidates is None else candidates:
        if i < resume:
            continue
        tok = toks[i]
        if blocked[i] or (tok.kind is not NUMBER and tok.norm not in starts):
            continue
        word = tok.norm
        first = i
        marked = False
        between = False
        if word in ("mellan", "between", "från", "from"):
            between = True
            i += 1
            if reader.norm(i) in MARKERS:
                i += 1
                marked = True
        elif word in MARKERS:
            marked = True
            i += 1
            if reader.norm(i) == "." and word == "kl":
                i += 1
        got = reader.clock(i, marked)
        if got is None:
            continue
        hour, minute, last, strong = got
        start = _hm(hour, minute)
        if start is None:
            continue
        # An interval: "8-16", "7.30 - 16", "8 till 15", "mellan 9 och 11".
        j = last + 1
        link = reader.norm(j)
        end: time | None = None
        links = DASHES | {"till", "to", "until", "tills"}
        if between:
            links = links | {"och", "and", "o"}
        if link in links:
            k = j + 1
            if reader.norm(k) in MARKERS:
                k += 1
            got2 = reader.clock(k, True)
            if got2 is not None and (
                reader.number(k) is not None or reader.norm(k) in ("halv", "kvart", "half")
            ):
                h2, m2, last2, strong2 = got2
                bare = not strong and not strong2 and not marked and not between
                if h2 * 60 + m2 <= hour * 60 + minute and h2 + 12 <= 23:
                    h2 += 12
                end = _hm(h2, m2)
                if bare and (link not in DASHES or not 5 <= hour <= 20):
                    end = None  # "8 till 15" and "2-3" need a dash and school hours
                if end is not None and end > start:
                    last = last2
                    strong = True
                else:
                    end = None
        if end is None and word in ("från", "from") and not marked:
            first = first + 1  # "från 13" alone: the role finder reads "från"
        out.append(ClockExpr(first, last, start, end, strong or marked))
        resume = last + 1
    return out


def _clause_back(toks: list[Token], i: int, limit: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    k = i
    while k >= 0 and len(out) < limit:
        word = toks[k].norm
        if word in ("!", "?", ";", "\n") or (word == "." and k > 0 and toks[k - 1].norm != "kl"):
            break
        out.append((k, word))
        k -= 1
    return out


def assign_roles(
    toks: list[Token], times: list[ClockExpr], taken: list[bool], blocked: list[bool]
) -> list[ClockExpr]:
    """Give each single time its role from the verb before it; drop bare numbers with none."""
    kept: list[ClockExpr] = []
    starts = {t.first for t in times}
    for expr in times:
        if expr.end is not None:
            kept.append(expr)
            continue
        role = None
        for k, word in _clause_back(toks, expr.first - 1, 8):
            if k in starts and k != expr.first:
                break
            if blocked[k] or taken[k]:
                continue
            if word in ARRIVE_WORDS or (word == "in" and _prev_is(toks, k, ARRIVE_WORDS)):
                role = ARRIVE
                break
            if word in LEAVE_WORDS:
                role = LEAVE
                break
            if word in ("till", "until", "tills"):
                if _absent_before(toks, k):
                    role = ARRIVE  # "hemma till 10": absent until then
                    break
                if _right_before(toks, k, expr.first) and _present_before(toks, k):
                    role = LEAVE  # "vara på fritids till 17": there until then
                    break
            if word in ("från", "from", "efter", "after") and _absent_before(toks, k):
                role = LEAVE  # "borta från 13": absent from then
                break
            if word in APPOINTMENT_WORDS:
                if k > 0 and toks[k - 1].norm in ("efter", "after"):
                    continue  # "kommer efter tandläkaren, runt 10": the verb before decides
                role = APPOINTMENT
                break
            if word in FILLERS or toks[k].kind == SYMBOL:
                continue
            if k < expr.first - 5:
                break
        if role is None and not expr.strong:
            continue
        expr.role = role
        kept.append(expr)
    return kept


def _prev_is(toks: list[Token], k: int, words: frozenset[str]) -> bool:
    return k > 0 and toks[k - 1].norm in words


def _absent_before(toks: list[Token], k: int) -> bool:
    return any(word in ABSENT_WORDS for _, word in _clause_back(toks, k - 1, 4))


def _present_before(toks: list[Token], k: int) -> bool:
    return any(word in PRESENT_WORDS for _, word in _clause_back(toks, k - 1, 5))


def _right_before(toks: list[Token], k: int, first: int) -> bool:
    """Whether only a clock marker ("kl", "ca") stands between token k and a time."""
    return all(
        toks[j].norm in MARKERS or toks[j].norm in ("ca", "cirka", "runt")
        for j in range(k + 1, first)
    )


_PART_STARTS = frozenset(PARTS) | {
    "hela",
    "all",
    "whole",
    "full",
    "efter",
    "after",
    "vid",
    "runt",
    "kring",
    "at",
    "around",
    "före",
    "innan",
    "before",
    "till",
    "f",
    "e",
    "är",
}


PART_STARTS = _PART_STARTS


def find_parts(
    toks: list[Token],
    blocked: list[bool],
    taken: list[bool],
    candidates: Iterable[int] | None = None,
) -> list[PartExpr]:
    """Parts of the day; `candidates`, when known, are the words one may start at."""
    out: list[PartExpr] = []
    n = len(toks)
    starts = _PART_STARTS
    for i in range(n) if candidates is None else candidates:
        tok = toks[i]
        if tok.norm not in starts or blocked[i] or taken[i] or tok.kind is not WORD:
            continue
        word = tok.norm
        part = PARTS.get(word)
        if part is not None:
            if word.startswith("morgon") and i > 0 and toks[i - 1].norm in ("god", "i"):
                continue
            out.append(PartExpr(i, i, part))
            continue
        nxt = toks[i + 1].norm if i + 1 < n else ""
        if word in ("hela", "all", "whole", "full") and nxt in ("dagen", "dan", "day"):
            out.append(PartExpr(i, i + 1, FULL_DAY))
        elif word in ("efter", "after", "vid", "runt", "kring", "at", "around") and nxt in (
            "lunch",
            "lunchen",
            "maten",
            "lunchtid",
            "skolan",
            "school",
        ):
            out.append(PartExpr(i, i + 1, AFTER_LUNCH))
        elif word in ("före", "innan", "before", "till") and nxt in ("lunch", "lunchen"):
            out.append(PartExpr(i, i + 1, BEFORE_LUNCH))
        elif tok.low in ("f", "e") and nxt == "." and i + 2 < n and toks[i + 2].low == "m":
            last = i + 3 if i + 3 < n and toks[i + 3].low == "." else i + 2
            out.append(PartExpr(i, last, MORNING if tok.low == "f" else AFTERNOON))
    return out
