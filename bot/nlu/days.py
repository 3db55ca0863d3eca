"""Day expressions: which calendar days a message is about.

A small grammar over tokens rather than a date library, because the contract
fixes readings that general parsers do not share: a bare weekday is its next
occurrence *today included*, `nästa fredag` is Friday of the next ISO week,
`3/12` is day first, a week or a `till` range covers Monday to Friday only.
Each expression keeps the tokens it was read from, so a reply can quote them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.lexer import NUMBER, SYMBOL, WORD, Token

WEEKDAYS: dict[str, int] = {}
for _wd, _forms in enumerate(
    (
        "måndag måndagen måndagar mån mandag mondag monday mon",
        "tisdag tisdagen tisdagar tis tisd tuesday tue tues",
        "onsdag onsdagen onsdagar ons wednesday wed weds",
        "torsdag torsdagen torsdagar tors tor thursday thu thur thurs",
        "fredag fredagen fredagar fre friday fri",
        "lördag lördagen lördagar lör lordag saturday sat",
        "söndag söndagen söndagar sön sondag sunday",
    )
):
    for _form in _forms.split():
        WEEKDAYS[_form] = _wd
# "i fredags": the last one before today.
PAST_WEEKDAYS = {
    "måndags": 0,
    "tisdags": 1,
    "onsdags": 2,
    "torsdags": 3,
    "fredags": 4,
    "lördags": 5,
    "söndags": 6,
}
# Weekday abbreviations that are also ordinary words: only read as days next to other day words.
WEAK_WEEKDAYS = frozenset({"tor", "sat", "tis", "wed", "mon"})

MONTHS: dict[str, int] = {}
for _m, _forms in enumerate(
    (
        "januari jan january",
        "februari feb febr february",
        "mars mar march",
        "april apr",
        "maj may",
        "juni jun june",
        "juli jul july",
        "augusti aug august",
        "september sep sept",
        "oktober okt oct october",
        "november nov",
        "december dec",
    ),
    start=1,
):
    for _form in _forms.split():
        MONTHS[_form] = _m

RELATIVE: dict[str, int] = {
    "idag": 0,
    "ida": 0,
    "idagt": 0,
    "today": 0,
    "ikväll": 0,
    "tonight": 0,
    "imorgon": 1,
    "imorgn": 1,
    "imorn": 1,
    "imorrn": 1,
    "imorron": 1,
    "imorr": 1,
    "imon": 1,
    "imoron": 1,
    "imörgon": 1,
    "imrgn": 1,
    "imrn": 1,
    "tomorrow": 1,
    "övermorgon": 2,
    "iövermorgon": 2,
    "övermorrn": 2,
    "iövermorrn": 2,
    "igår": -1,
    "yesterday": -1,
}
# Words that follow a separate "i": "i dag", "i morgon", "i övermorgon".
RELATIVE_AFTER_I: dict[str, int] = {
    "dag": 0,
    "da": 0,
    "kväll": 0,
    "morgon": 1,
    "morgn": 1,
    "morn": 1,
    "morrn": 1,
    "morron": 1,
    "övermorgon": 2,
    "övermorrn": 2,
    "går": -1,
}
NUMBER_WORDS: dict[str, int] = {
    "en": 1,
    "ett": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "två": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fyra": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "sex": 6,
    "six": 6,
    "sju": 7,
    "seven": 7,
    "åtta": 8,
    "eight": 8,
    "nio": 9,
    "nine": 9,
    "tio": 10,
    "ten": 10,
}
HOLIDAYS: dict[str, tuple[int, int]] = {
    "julafton": (12, 24),
    "juldagen": (12, 25),
    "annandag": (12, 26),
    "nyårsafton": (12, 31),
    "nyårsdagen": (1, 1),
    "trettondagen": (1, 6),
    "lucia": (12, 13),
    "luciadagen": (12, 13),
}
NEXT = frozenset({"nästa", "next", "nästkommande", "kommande", "following"})
THIS = frozenset({"denna", "detta", "this", "kommande", "coming", "nu"})
WEEK = frozenset({"vecka", "veckan", "veckas", "week", "v", "w", "wk", "vk"})
DAY_UNITS = {"dag": 1, "dagar": 1, "day": 1, "days": 1, "vecka": 7, "veckor": 7, "week": 7}
DAY_UNITS["weeks"] = 7
RANGE_WORDS = frozenset({"till", "to", "until", "tills", "tom", "through", "thru", "tillochmed"})
DASHES = frozenset({"-", "–", "—", "‐", "−"})
LIST_WORDS = frozenset({"och", "o", "&", ",", "and", "samt", "eller", "or", "+", "/"})
ORDINAL_SUFFIX = frozenset({"e", "a", "dje", "st", "nd", "rd", "th"})


@dataclass(slots=True)
class DayExpr:
    """One day expression and the days it stands for."""

    first: int
    last: int  # inclusive token index
    dates: list[date]
    single: bool = True  # one day: may end a range
    weekday: int | None = None  # a bare weekday name, open to "nästa vecka" after it
    weekday_to: int | None = None  # a bare weekday range ("mån-ons")
    week_monday: date | None = None  # a week that may place weekday names before or after it
    explicit: bool = False  # written as a date (3/12, 3 dec): outranks a weekday beside it
    needs_year_roll: bool = False  # day and month without year
    until: list[date] | None = None  # "till fredag": the day itself, for a question about it
    weekend: bool = False  # "i helgen": no school day, so only the story around an errand
    invalid: bool = False  # a date that does not exist ("31/11", "vecka 54"): no days at all
    in_week: date | None = None  # Monday of the week its weekdays were placed in


# Day steps made once: building a timedelta by keyword costs more than the date sum itself.
_STEP = tuple(timedelta(n) for n in range(32))


def _step(days: int) -> timedelta:
    return _STEP[days] if 0 <= days < 32 else timedelta(days)


def monday_of(day: date) -> date:
    return day - _step(day.weekday())


_WORKDAYS: dict[tuple[date, date], tuple[date, ...]] = {}


def workdays(first: date, last: date) -> list[date]:
    """Monday to Friday from first to last, inclusive: what a range means.

    Remembered: the same weeks and ranges are asked for in message after message.
    """
    found = _WORKDAYS.get((first, last))
    if found is None:
        days = _count_workdays(first, last)
        if len(days) > 31:
            return days
        if len(_WORKDAYS) >= 4096:
            _WORKDAYS.clear()
        found = _WORKDAYS[(first, last)] = tuple(days)
    return list(found)


def _count_workdays(first: date, last: date) -> list[date]:
    out: list[date] = []
    day = first
    while day <= last and len(out) < 400:
        if day.weekday() < 5:
            out.append(day)
        day += _STEP[1]
    return out


def next_weekday(today: date, wd: int) -> date:
    return today + _STEP[(wd - today.weekday()) % 7]


def rest_of_week(today: date) -> list[date]:
    if today.weekday() >= 5:
        monday = monday_of(today) + _STEP[7]
        return workdays(monday, monday + _STEP[4])
    return workdays(today, monday_of(today) + _STEP[4])


_ISO_WEEKS: dict[tuple[date, int], date | None] = {}


def iso_week_monday(today: date, week: int) -> date | None:
    """ISO week N of this year, or of next year when this year's has ended."""
    key = (today, week)
    if key in _ISO_WEEKS:
        return _ISO_WEEKS[key]
    if len(_ISO_WEEKS) >= 4096:
        _ISO_WEEKS.clear()
    found = _ISO_WEEKS[key] = _iso_week_monday(today, week)
    return found


def _iso_week_monday(today: date, week: int) -> date | None:
    year = today.isocalendar()[0]
    for y in (year, year + 1):
        try:
            monday = date.fromisocalendar(y, week, 1)
        except ValueError:
            continue
        if monday + _STEP[6] >= today:
            return monday
    return None


def next_day_month(today: date, day: int, month: int) -> date | None:
    """The next day/month on or after today, within a year: "29/2" two years off is no date."""
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


def next_day_of_month(today: date, day: int) -> date | None:
    year, month = today.year, today.month
    for _ in range(13):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return None


# Words an expression can start with; any other word is skipped without a look.
_STARTS = frozenset(
    set(RELATIVE)
    | set(WEEKDAYS)
    | set(MONTHS)
    | set(HOLIDAYS)
    | NEXT
    | WEEK
    | {"i", "den", "the", "på", "on", "nu", "this", "denna", "detta", "hela", "whole", "all"}
    | {"entire", "resten", "rest", "om", "in", "helgen", "weekend", "nästnästa", "day"}
    | {"förra", "last", "veckan", "mellan", "efter", "after"}
)


# Little words that start a day expression only with a day word or a number after them
# ("på fredag", "i morgon", "om 3 dagar", "den 3:e"); anywhere else they are skipped unread.
_LEADS = frozenset(
    {"i", "den", "the", "på", "on", "nu", "this", "denna", "detta", "om", "in", "hela", "whole"}
    | {"all", "entire", "mellan", "day", "förra", "last", "resten", "rest"}
)
_FOLLOWERS = frozenset(
    _STARTS
    | set(RELATIVE_AFTER_I)
    | set(PAST_WEEKDAYS)
    | set(NUMBER_WORDS)
    | {"helg", "av", "of", "jul", "julen", "after", "ut", "här", "veckor", "weeks"}
)


# What may follow the day of a date written with figures: "3/12", "3 dec", "3:e", "3-5 dec",
# "3 och 4 dec", "3rd of December", "3. dec".
_NUMBER_GO_ON = frozenset(
    set(MONTHS) | DASHES | {"/", ".", ":", "'", "´", "till", "to", "och", "o", ",", "&", "and"}
) | {"of"}


class _Reader:
    """Recursive-descent reader of day expressions at one token position."""

    def __init__(self, toks: list[Token], today: date, blocked: list[bool]) -> None:
        self.toks = toks
        self.today = today
        self.blocked = blocked
        self.n = len(toks)

    # token helpers -------------------------------------------------------
    def norm(self, i: int) -> str | None:
        if 0 <= i < self.n and not self.blocked[i]:
            return self.toks[i].norm
        return None

    def low(self, i: int) -> str | None:
        """The token as typed (lower-cased): single letters are not shorthand here."""
        if 0 <= i < self.n and not self.blocked[i]:
            return self.toks[i].low
        return None

    def number(self, i: int) -> int | None:
        if 0 <= i < self.n and not self.blocked[i]:
            tok = self.toks[i]
            if tok.kind == NUMBER:
                return tok.value
        return None

    def tight(self, i: int) -> bool:
        """Token i follows token i-1 without whitespace."""
        return 0 <= i < self.n and not self.toks[i].gap

    def small_number(self, i: int) -> int | None:
        value = self.number(i)
        if value is not None:
            return value
        word = self.norm(i)
        return NUMBER_WORDS.get(word) if word else None

    def ordinal_end(self, i: int) -> int:
        """Index of the last token of a day number with its ordinal suffix (3:e, 3e, 3rd)."""
        word = self.low(i + 1)
        if (
            word in (":", "'", "´")
            and self.tight(i + 1)
            and self.tight(i + 2)
            and self.low(i + 2) in ORDINAL_SUFFIX
        ):
            return i + 2
        if word in ORDINAL_SUFFIX and self.tight(i + 1):
            return i + 1
        return i

    def year_after(self, i: int) -> tuple[int | None, int]:
        """An explicit year right after token i (", 2027", " 2027")."""
        j = i + 1
        if self.norm(j) == ",":
            j += 1
        value = self.number(j)
        if value is not None and len(self.toks[j].low) == 4 and 2000 <= value <= 2100:
            return value, j
        return None, i

    # expressions -----------------------------------------------------------
    def at(self, i: int) -> DayExpr | None:
        tok = self.toks[i]
        if self.blocked[i]:
            return None
        if tok.kind == NUMBER:
            return self.numeric(i)
        if tok.kind != WORD:
            return None
        word = tok.norm
        if word in RELATIVE:
            return self.offset(i, i, RELATIVE[word])
        if word in WEEKDAYS:
            return self.weekday(i, i, WEEKDAYS[word])
        if word == "i":
            return self.after_i(i)
        if word in NEXT:
            return self.after_next(i)
        if word in WEEK:
            return self.week(i, i)
        if word in MONTHS:
            return self.month_first(i)
        if word in ("den", "the"):
            if word == "the" and (self.norm(i + 1) in WEEK or self.norm(i + 1) in WEEKDAYS):
                inner = self.at(i + 1)
                if inner is not None:
                    inner.first = i
                return inner
            return self.after_den(i)
        if word in ("på", "on", "nu", "this", "denna", "detta"):
            inner = self.at(i + 1) if i + 1 < self.n else None
            if inner is not None and (inner.weekday is not None or word in THIS):
                inner.first = i
                return inner
            if word in ("denna", "this") and self.norm(i + 1) in WEEK:
                return self.this_week(i, i + 1)
            return None
        if word in ("hela", "whole", "all", "entire"):
            return self.whole(i)
        if word in ("resten", "rest"):
            return self.rest(i)
        if word in ("om", "in"):
            return self.in_days(i)
        if word in ("helgen", "weekend"):
            return self.weekend(i, i, 0)
        if word == "nästnästa":
            nxt = self.norm(i + 1)
            if nxt in WEEK:
                return self.week_of(i, i + 1, self.monday_ahead(2))
            if nxt in WEEKDAYS:
                return DayExpr(i, i + 1, [self.monday_ahead(2) + _step(WEEKDAYS[nxt])])
            return None
        if word in HOLIDAYS:
            month, day = HOLIDAYS[word]
            last = i + 1 if word == "annandag" and self.norm(i + 1) == "jul" else i
            if word == "annandag" and last == i:
                return None
            found = next_day_month(self.today, day, month)
            return DayExpr(i, last, [found], explicit=True) if found else None
        if word == "day" and self.norm(i + 1) == "after" and self.norm(i + 2) == "tomorrow":
            return self.offset(i, i + 2, 2)
        if (
            word == "mellan"
            and self.norm(i + 1) in ("jul", "julen")
            and self.norm(i + 2) == "och"
            and self.norm(i + 3) in ("nyår", "nyåret")
        ):
            start = next_day_month(self.today, 27, 12) or self.today
            return DayExpr(i, i + 3, workdays(start, start + _STEP[3]), single=False)
        if word == "förra" or word == "last":
            return self.last_(i)
        if word == "veckan" and self.norm(i + 1) == "ut":
            return DayExpr(i, i + 1, rest_of_week(self.today), single=False)
        return None

    def offset(self, first: int, last: int, days: int) -> DayExpr:
        return DayExpr(first, last, [self.today + _step(days)])

    def weekday(self, first: int, last: int, wd: int) -> DayExpr | None:
        word = self.norm(last)
        if word in WEAK_WEEKDAYS and first == last:
            prev, nxt = self.norm(first - 1), self.norm(last + 1)
            near = {prev, nxt}
            if not (near & (DASHES | {"på", "on", "och", "o", ",", "till", "nästa", "next"})) and (
                self.number(last + 1) is None or self.number(first - 1) is None
            ):
                # "tis 9-15" after another day's times ("mån 8-16 tis 9-15") is a day too
                return None
        ahead = self.after_next_tail(last)
        if ahead is not None:
            # "fredag efter nästa", "Friday after next": that weekday two weeks on
            return DayExpr(first, ahead, [self.monday_ahead(2) + _step(wd)])
        return DayExpr(first, last, [next_weekday(self.today, wd)], weekday=wd)

    def monday_ahead(self, weeks: int) -> date:
        """Monday of the ISO week `weeks` weeks after this one."""
        return monday_of(self.today) + _step(7 * weeks)

    def after_next_tail(self, last: int) -> int | None:
        """The last token of "efter nästa (vecka)" / "after next (week)" after token `last`."""
        if self.norm(last + 1) not in ("efter", "after") or self.norm(last + 2) not in NEXT:
            return None
        end = last + 2
        if self.norm(end + 1) in WEEK and self.number(end + 2) is None:
            end += 1
        return end

    def after_i(self, i: int) -> DayExpr | None:
        word = self.norm(i + 1)
        if word is None:
            return None
        if word in RELATIVE_AFTER_I:
            return self.offset(i, i + 1, RELATIVE_AFTER_I[word])
        if word in RELATIVE and RELATIVE[word] == 2:
            return self.offset(i, i + 1, 2)
        if word in PAST_WEEKDAYS:
            wd = PAST_WEEKDAYS[word]
            back = (self.today.weekday() - wd) % 7 or 7
            return DayExpr(i, i + 1, [self.today - _step(back)])
        if word in ("helgen", "helg"):
            return self.weekend(i, i + 1, 0)
        if word == "veckan":
            return self.this_week(i, i + 1)
        if word in NEXT:
            inner = self.after_next(i + 1)
            if inner is not None:
                inner.first = i
            return inner
        return None

    def after_next(self, i: int) -> DayExpr | None:
        word = self.norm(i + 1)
        if word is None:
            return None
        next_monday = monday_of(self.today) + _STEP[7]
        if word in WEEKDAYS:
            wd = WEEKDAYS[word]
            return DayExpr(i, i + 1, [next_monday + _step(wd)])
        if (word in WEEK and word not in ("v", "w")) or (
            word in ("v", "w") and self.number(i + 2) is None
        ):
            return self.week_of(i, i + 1, next_monday)
        if word in ("helg", "helgen", "weekend"):
            return self.weekend(i, i + 1, 7)
        return None

    def last_(self, i: int) -> DayExpr | None:
        word = self.norm(i + 1)
        if word in WEEK and word not in ("v", "w"):
            monday = monday_of(self.today) - _STEP[7]
            return DayExpr(i, i + 1, workdays(monday, monday + _STEP[4]), single=False)
        if word in WEEKDAYS:
            wd = WEEKDAYS[word]
            back = (self.today.weekday() - wd) % 7 or 7
            return DayExpr(i, i + 1, [self.today - _step(back)])
        return None

    def week_of(self, first: int, last: int, monday: date) -> DayExpr:
        return DayExpr(
            first,
            last,
            workdays(monday, monday + _STEP[4]),
            single=False,
            week_monday=monday,
        )

    def this_week(self, first: int, last: int) -> DayExpr:
        # Days already past this week are never what a guardian means.
        return DayExpr(first, last, rest_of_week(self.today), single=False)

    def weekend(self, first: int, last: int, shift: int) -> DayExpr:
        saturday = monday_of(self.today) + _step(5 + shift)
        days = [d for d in (saturday, saturday + _STEP[1]) if d >= self.today]
        return DayExpr(first, last, days, single=False, weekend=True)

    def whole(self, i: int) -> DayExpr | None:
        word = self.norm(i + 1)
        if word in NEXT:
            inner = self.after_next(i + 1)
            if inner is not None and inner.week_monday is not None:
                inner.first = i
                inner.week_monday = None  # "hela nästa vecka" is the whole week, not a place
                return inner
            return None
        if word in ("veckan", "week"):
            return DayExpr(i, i + 1, rest_of_week(self.today), single=False)
        if word == "the" and self.norm(i + 2) in ("week",):
            return DayExpr(i, i + 2, rest_of_week(self.today), single=False)
        if word in ("v", "vecka", "week"):
            inner = self.week(i + 1, i + 1)
            if inner is not None:
                inner.first = i
                inner.week_monday = None
            return inner
        return None

    def rest(self, i: int) -> DayExpr | None:
        # "resten av veckan", "resten av denna vecka", "rest of the week"
        j = i + 1
        if self.norm(j) not in ("av", "of"):
            return None
        j += 1
        if self.norm(j) in ("denna", "den", "the", "this"):
            j += 1
            if self.norm(j) == "här":
                j += 1
        if self.norm(j) in ("veckan", "vecka", "week"):
            return DayExpr(i, j, rest_of_week(self.today), single=False)
        return None

    def in_days(self, i: int) -> DayExpr | None:
        count = self.small_number(i + 1)
        unit = self.norm(i + 2)
        if count is None or unit not in DAY_UNITS or count > 400:
            return None
        if DAY_UNITS[unit] == 7 and count <= 52:
            # "om två veckor", "in two weeks": that week, open to a weekday placed in it
            return self.week_of(i, i + 2, self.monday_ahead(count))
        return self.offset(i, i + 2, count * DAY_UNITS[unit])

    def week(self, first: int, i: int) -> DayExpr | None:
        """`vecka 49`, `v 49`, `v.49`, `v. 49`, `v 50-51`, `vecka 50 och 51`."""
        if self.norm(i) in ("vecka", "veckan", "week"):
            ahead = self.after_next_tail(i)
            if ahead is not None:
                # "veckan efter nästa", "week after next"
                return self.week_of(first, ahead, self.monday_ahead(2))
        j = i + 1
        if self.norm(j) == ".":
            j += 1
        week = self.number(j)
        if week is not None and (week == 0 or 54 <= week <= 99) and not self.clock_after(j):
            return DayExpr(first, j, [], single=False, invalid=True)  # "vecka 54"
        if week is None or not 1 <= week <= 53:
            return None
        if (
            self.norm(i) in ("v", "w", "vk", "wk")
            and self.norm(j + 1) in (":", ".")
            and (self.tight(j + 1) and self.number(j + 2) is not None and self.tight(j + 2))
        ):
            return None  # "v 8:30" is not a week
        weeks = [week]
        last = j
        while len(weeks) < 12:
            k = last + 1
            sep = self.norm(k)
            if sep not in DASHES and sep not in ("till", "och", "o", ",", "&", "to", "and"):
                break
            k += 1
            if self.norm(k) in WEEK:
                k += 1
            other = self.number(k)
            if other is None or not 1 <= other <= 53:
                break
            if sep in DASHES or sep in ("till", "to"):
                step = 1 if other >= weeks[-1] else 0
                weeks.extend(range(weeks[-1] + 1, other + 1) if step else [other])
            else:
                weeks.append(other)
            last = k
        mondays = [m for m in (iso_week_monday(self.today, w) for w in weeks[:10]) if m]
        if not mondays:
            return DayExpr(first, last, [], single=False, invalid=True)  # no week 53 this year
        dates: list[date] = []
        for monday in mondays:
            dates.extend(workdays(monday, monday + _STEP[4]))
        return DayExpr(
            first,
            last,
            dates,
            single=False,
            week_monday=mondays[0] if len(mondays) == 1 else None,
        )

    def clock_after(self, j: int) -> bool:
        """Token j starts a clock time ("8:30", "8.30"), so it is no week number."""
        return (
            self.norm(j + 1) in (":", ".")
            and self.tight(j + 1)
            and self.tight(j + 2)
            and self.number(j + 2) is not None
        )

    def month_first(self, i: int) -> DayExpr | None:
        """English order: `December 3`, `Dec 3rd`."""
        day = self.number(i + 1)
        if day is None or not 1 <= day <= 31:
            return None
        last = self.ordinal_end(i + 1)
        month = MONTHS[self.toks[i].norm]
        year, last = self.year_after(last)
        return self.day_month(i, last, day, month, year)

    def day_month(
        self, first: int, last: int, day: int, month: int, year: int | None
    ) -> DayExpr | None:
        if year is not None:
            try:
                found: date | None = date(year, month, day)
            except ValueError:
                found = None
        else:
            found = next_day_month(self.today, day, month)
        if found is None:
            # "31/11", "30 februari": never some other day in its place
            return DayExpr(first, last, [], single=False, invalid=True)
        return DayExpr(first, last, [found], explicit=True, needs_year_roll=year is None)

    def after_den(self, i: int) -> DayExpr | None:
        if self.number(i + 1) is None:
            return None
        inner = self.numeric(i + 1, after_den=True)
        if inner is not None:
            inner.first = i
        return inner

    def numeric(self, i: int, after_den: bool = False) -> DayExpr | None:
        value = self.number(i)
        if value is None:
            return None
        tok = self.toks[i]
        sep = self.norm(i + 1)
        # ISO 2026-12-03
        if len(tok.low) == 4 and sep in DASHES and self.tight(i + 1) and self.tight(i + 2):
            month, day = self.number(i + 2), self.number(i + 4)
            if month is not None and day is not None and self.norm(i + 3) in DASHES:
                try:
                    return DayExpr(i, i + 4, [date(value, month, day)], explicit=True)
                except ValueError:
                    return DayExpr(i, i + 4, [], single=False, invalid=True)
            return None
        if not 1 <= value <= 31:
            return None
        if not after_den:
            # A bare number is a day only with a month, a range or an ordinal after it;
            # "kommer 8 och hämtas" is read no further.
            nxt = self.norm(i + 1)
            if nxt is None or (nxt not in _NUMBER_GO_ON and self.low(i + 1) not in ORDINAL_SUFFIX):
                return None
        # Day first in figures: 3/12, 3/12/2026, 3/12-26; "den 3.12"
        if (sep == "/" or (after_den and sep == ".")) and self.tight(i + 1) and self.tight(i + 2):
            month = self.number(i + 2)
            if month is None or not 1 <= month <= 12:
                return None
            last = i + 2
            year = None
            if self.norm(i + 3) == sep and self.tight(i + 3) and self.tight(i + 4):
                y = self.number(i + 4)
                if y is not None:
                    year = y + 2000 if y < 100 else y
                    last = i + 4
            return self.day_month(i, last, value, month, year)
        # 3 dec, 3:e december, 3-5 dec, 3 och 4 dec, 3rd of December
        days = [value]
        last = self.ordinal_end(i)
        range_to: int | None = None
        j = last + 1
        for _ in range(8):  # "3, 4 och 5 dec"; bounded so "1-1-1-…" stays linear
            word = self.norm(j)
            if word in DASHES or word in ("till", "to", "och", "o", ",", "&", "and"):
                other = self.number(j + 1)
                if other is not None and 1 <= other <= 31:
                    end = self.ordinal_end(j + 1)
                    if word in DASHES or word in ("till", "to"):
                        range_to = other
                    else:
                        days.append(other)
                    last = end
                    j = end + 1
                    continue
            break
        if self.norm(j) == "of":
            j += 1
        if self.norm(j) == ".":
            j += 1
        month_word = self.norm(j)
        month = None
        year = None
        if month_word in MONTHS:
            month = MONTHS[month_word]
            year, last = self.year_after(j)
            last = max(last, j)
        elif (
            month_word == "/"
            and self.tight(j)
            and self.tight(j + 1)
            and len(days) + (range_to is not None) > 1
        ):
            # "21-23/12", "3 och 4/12": the month written once, after the last day
            m = self.number(j + 1)
            if m is not None and 1 <= m <= 12:
                month, last = m, j + 1
                if self.norm(j + 2) == "/" and self.tight(j + 2) and self.tight(j + 3):
                    y = self.number(j + 3)
                    if y is not None:
                        year, last = (y + 2000 if y < 100 else y), j + 3
        if month is not None:
            if range_to is not None:
                lo = self.day_month(i, last, days[-1], month, year)
                hi = self.day_month(i, last, range_to, month, year)
                if lo is None or hi is None or lo.invalid or hi.invalid:
                    return DayExpr(i, last, [], single=False, invalid=True)
                a, b = lo.dates[0], hi.dates[0]
                if b < a:
                    b = next_day_month(a, range_to, month) or a
                dates = workdays(a, b)
                return DayExpr(i, last, dates, single=False, explicit=True)
            found: list[date] = []
            for day in days:
                expr = self.day_month(i, last, day, month, year)
                if expr is None or expr.invalid:
                    return DayExpr(i, last, [], single=False, invalid=True)
                found.extend(expr.dates)
            return DayExpr(
                i, last, found, single=len(found) == 1, explicit=True, needs_year_roll=year is None
            )
        if after_den:
            # "den 3:e", "den 23:e och 24:e", "den 3-5": days of the coming month
            first_day = next_day_of_month(self.today, days[0])
            if first_day is None:
                return None
            if range_to is not None:
                end_day = next_day_of_month(first_day, range_to)
                if end_day is None:
                    return None
                return DayExpr(i, last, workdays(first_day, end_day), single=False, explicit=True)
            found_days = [first_day]
            for day in days[1:]:
                later = next_day_of_month(first_day, day)
                if later is not None:
                    found_days.append(later)
            return DayExpr(i, last, found_days, single=len(found_days) == 1, explicit=True)
        return None


def _between(toks: list[Token], a: DayExpr, b: DayExpr) -> list[str]:
    # lower-cased as typed: "t.o.m." must not read its "o" as the shorthand for "och"
    return [toks[k].low for k in range(a.last + 1, b.first)]


def _is_range_link(words: list[str]) -> bool:
    if len(words) == 1:
        return words[0] in DASHES or words[0] in RANGE_WORDS
    joined = " ".join(words)
    return joined in (
        "till och med",
        "t . o . m",
        "t . o . m .",
        "t o m",
        "fram till",
        "fram till och med",
        "upp till",
        "- -",
    )


def _range(a: DayExpr, b: DayExpr) -> DayExpr | None:
    if not (a.single and b.single and a.dates and b.dates):
        return None
    start, end = a.dates[0], b.dates[0]
    if end < start:
        if b.weekday is not None:
            end = next_weekday(start, b.weekday)
        elif b.needs_year_roll:
            end = (
                date(end.year + 1, end.month, end.day) if end.month != 2 or end.day != 29 else end
            )
        else:
            return None
    if (end - start).days > 120:
        return None
    expr = DayExpr(a.first, b.last, workdays(start, end), single=False)
    if a.weekday is not None and b.weekday is not None and a.weekday_to is None:
        expr.weekday, expr.weekday_to = a.weekday, b.weekday
    return expr


def _open_ranges(
    toks: list[Token], reader: _Reader, exprs: list[DayExpr], today: date
) -> list[DayExpr]:
    """An open range "till fredag", "t.o.m. fredag", "until Friday": from today."""
    for k, b in enumerate(exprs):
        if not b.single or not b.dates or b.dates[0] < today or b.first == 0:
            continue
        if toks[b.first - 1].low not in _OPEN_RANGE_LAST:
            continue
        start = _open_range_start(reader, b.first)
        if start is None or (k > 0 and exprs[k - 1].last >= start - 1):
            continue
        exprs[k] = DayExpr(
            start, b.last, workdays(today, b.dates[0]) or b.dates, single=False, until=b.dates
        )
    return exprs


def _place_in_week(expr: DayExpr, monday: date) -> None:
    assert expr.weekday is not None
    if expr.weekday_to is None:
        expr.dates = [monday + _step(expr.weekday)]
    else:
        lo, hi = expr.weekday, expr.weekday_to
        if hi < lo:
            hi += 7
        expr.dates = workdays(monday + _step(lo), monday + _step(hi))


def _open_range_start(reader: _Reader, first: int) -> int | None:
    """Where "till"/"t.o.m."/"until" before a day starts, if it opens a range from today."""
    back: list[str] = []
    for k in range(first - 1, max(first - 7, -1), -1):
        if reader.norm(k) is None:
            break
        back.append(reader.toks[k].low)
    found = None
    for size in range(1, len(back) + 1):
        if "".join(reversed(back[:size])) in _OPEN_RANGE:
            found = size
    if found is None:
        return None
    if found == 1 and back[0] == "till" and len(back) > 1 and back[1] in _NOT_RANGE_VERBS:
        return None
    return first - found


_OPEN_RANGE = frozenset(
    {
        "till",
        "tills",
        "until",
        "through",
        "tom",
        "thru",
        "tillochmed",
        "t.o.m.",
        "t.o.m",
        "tom.",
        "framtill",
        "framtillochmed",
        "t.om",
        "to.m",
    }
)
_OPEN_RANGE_LAST = frozenset({"till", "tills", "until", "through", "tom", "thru", "med", ".", "m"})
_NOT_RANGE_VERBS = frozenset({"kommer", "åker", "går", "ändra", "flytta", "ändras", "flyttas"})

# Words a day expression can start with (numbers aside): a message without one has no day.
DAY_STARTS = _STARTS

_WEEK_GLUE = frozenset({"i", "på", "under", "in", "of", ",", ":", "the"})


def find_days(
    toks: list[Token], today: date, blocked: list[bool], candidates: Iterable[int] | None = None
) -> list[DayExpr]:
    """Every day expression in the message, ranges and week placements applied.

    `candidates`, when the caller knows them, are the only tokens an expression may start at
    (numbers and words in DAY_STARTS); the others are then not even looked at.
    """
    reader = _Reader(toks, today, blocked)
    exprs: list[DayExpr] = []
    n = len(toks)
    starts = _STARTS
    resume = 0
    for i in range(n) if candidates is None else candidates:
        if i < resume:
            continue
        tok = toks[i]
        kind = tok.kind
        if kind is SYMBOL or blocked[i] or (kind is WORD and tok.norm not in starts):
            continue
        if kind is WORD and tok.norm in _LEADS:
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is None or (nxt.kind is not NUMBER and nxt.norm not in _FOLLOWERS):
                continue
        expr = reader.at(i)
        if expr is None:
            continue
        exprs.append(expr)
        resume = expr.last + 1
    if len(exprs) < 2:
        if exprs and exprs[0].single and exprs[0].first > 0:
            return _open_ranges(toks, reader, exprs, today)
        return exprs
    # A weekday beside a written date names the same day ("fredag 11/12"): keep the date.
    k = 0
    while k < len(exprs) - 1:
        a, b = exprs[k], exprs[k + 1]
        gap = _between(toks, a, b)
        if all(w in ("den", ",", "(", ")", "the") for w in gap):
            if a.weekday is not None and a.weekday_to is None and b.explicit and b.single:
                exprs[k] = DayExpr(
                    a.first, b.last, b.dates, explicit=True, needs_year_roll=b.needs_year_roll
                )
                del exprs[k + 1]
                continue
            if b.weekday is not None and b.weekday_to is None and a.explicit and a.single:
                exprs[k] = DayExpr(
                    a.first, b.last, a.dates, explicit=True, needs_year_roll=a.needs_year_roll
                )
                del exprs[k + 1]
                continue
        k += 1
    # Ranges: "mån-ons", "14/12-18/12", "28/12 till 8/1", "från idag till fredag".
    k = 0
    while k < len(exprs) - 1:
        a, b = exprs[k], exprs[k + 1]
        gap = _between(toks, a, b)
        link = _is_range_link(gap)
        if (
            not link
            and gap in (["och"], ["and"])
            and reader.norm(a.first - 1)
            in (
                "mellan",
                "between",
            )
        ):
            link = True
        if link:
            merged = _range(a, b)
            if merged is not None:
                if reader.norm(a.first - 1) in ("från", "from", "mellan", "between"):
                    merged.first = a.first - 1
                exprs[k] = merged
                del exprs[k + 1]
                continue
        k += 1
    _open_ranges(toks, reader, exprs, today)
    # Week placement: "måndag och tisdag nästa vecka", "tisdag v 50", "nästa vecka på tisdag".
    k = 0
    while k < len(exprs):
        week = exprs[k]
        if week.week_monday is None:
            k += 1
            continue
        chain_before: list[int] = []
        j = k - 1
        left = week
        while j >= 0:
            cand = exprs[j]
            gap = _between(toks, cand, left)
            glue_ok = (
                all(w in _WEEK_GLUE for w in gap)
                if left is week
                else all(w in LIST_WORDS or w in DASHES or w in RANGE_WORDS for w in gap)
            )
            if cand.weekday is None or not glue_ok or len(gap) > 3:
                break
            chain_before.append(j)
            left = cand
            j -= 1
        chain_after: list[int] = []
        j = k + 1
        right = week
        while j < len(exprs) and not chain_before:
            cand = exprs[j]
            gap = _between(toks, right, cand)
            glue_ok = (
                all(w in _WEEK_GLUE for w in gap)
                if right is week
                else all(w in LIST_WORDS or w in DASHES or w in RANGE_WORDS for w in gap)
            )
            if cand.weekday is None or not glue_ok or len(gap) > 3:
                break
            chain_after.append(j)
            right = cand
            j += 1
        chain = chain_before or chain_after
        if not chain:
            k += 1
            continue
        for j in chain:
            _place_in_week(exprs[j], week.week_monday)
        # the week itself only placed them
        for j in chain:
            exprs[j].week_monday = None
        lo = min(min(chain), k)
        hi = max(max(chain), k)
        merged_dates: list[date] = []
        for j in sorted(chain):
            merged_dates.extend(exprs[j].dates)
        merged = DayExpr(exprs[lo].first, exprs[hi].last, merged_dates, single=False)
        merged.in_week = week.week_monday
        exprs[lo : hi + 1] = [merged]
        k = lo + 1
    _place_after_week(toks, blocked, exprs)
    return exprs


_TOPIC_ENDS = frozenset({".", "!", "?", ";", "\n"})


def _place_after_week(toks: list[Token], blocked: list[bool], exprs: list[DayExpr]) -> None:
    """A bare weekday after a week in the same sentence is a day of that week.

    "7.15–16.15 mån–tors nästa vecka och fredag 7.15–14": that Friday is next week's, not
    tomorrow. A sentence end or a child's name between them ends the week's reach.
    """
    week: date | None = None
    end = -1
    for expr in exprs:
        if week is not None and any(
            blocked[k] or toks[k].low in _TOPIC_ENDS for k in range(end + 1, expr.first)
        ):
            week = None
        own = expr.in_week or expr.week_monday
        if own is not None:
            week = own
        elif week is not None and expr.weekday is not None and not expr.explicit:
            _place_in_week(expr, week)
            expr.in_week = week
            expr.weekday = expr.weekday_to = None
        end = expr.last
