"""The day grammar on its own: every convention of the contract's "Conventions for time"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.nlu.days import find_days, iso_week_monday, workdays
from bot.nlu.lexer import tokenize
from bot.nlu.spelling import SHORTHAND

THU = date(2026, 11, 26)  # a Thursday
SUN = date(2026, 12, 6)
YEAR_END = date(2026, 12, 30)


def days(text: str, today: date = THU) -> list[str]:
    toks = tokenize(text, SHORTHAND)
    found = find_days(toks, today, [False] * len(toks))
    return sorted({d.isoformat() for e in found for d in e.dates})


def week(monday: str) -> list[str]:
    first = date.fromisoformat(monday)
    return [(first + timedelta(days=i)).isoformat() for i in range(5)]


@pytest.mark.parametrize(
    ("text", "today", "want"),
    [
        # relative days, written and spoken
        ("idag", THU, ["2026-11-26"]),
        ("i dag", THU, ["2026-11-26"]),
        ("ida", THU, ["2026-11-26"]),
        ("imorgon", THU, ["2026-11-27"]),
        ("i morgon", THU, ["2026-11-27"]),
        ("imorrn", THU, ["2026-11-27"]),
        ("imorn", THU, ["2026-11-27"]),
        ("imon", THU, ["2026-11-27"]),
        ("i övermorgon", THU, ["2026-11-28"]),
        ("övermorgon", THU, ["2026-11-28"]),
        ("om 3 dagar", THU, ["2026-11-29"]),
        ("om två dagar", THU, ["2026-11-28"]),
        ("tomorrow", THU, ["2026-11-27"]),
        ("in 2 days", THU, ["2026-11-28"]),
        # weekday names: next occurrence, today included
        ("torsdag", THU, ["2026-11-26"]),
        ("på torsdag", THU, ["2026-11-26"]),
        ("fredag", THU, ["2026-11-27"]),
        ("på fredag", THU, ["2026-11-27"]),
        ("onsdag", THU, ["2026-12-02"]),
        ("mån", THU, ["2026-11-30"]),
        ("ons", THU, ["2026-12-02"]),
        ("lördag", THU, ["2026-11-28"]),
        ("on Friday", THU, ["2026-11-27"]),
        # nästa <weekday> and <weekday> nästa vecka: the next ISO week
        ("nästa fredag", THU, ["2026-12-04"]),
        ("nästa torsdag", THU, ["2026-12-03"]),
        ("fredag nästa vecka", THU, ["2026-12-04"]),
        ("på tisdag nästa vecka", THU, ["2026-12-01"]),
        ("next Monday", THU, ["2026-11-30"]),
        ("nästa måndag", SUN, ["2026-12-07"]),
        # weeks
        ("nästa vecka", THU, week("2026-11-30")),
        ("hela nästa vecka", THU, week("2026-11-30")),
        ("next week", THU, week("2026-11-30")),
        ("vecka 50", THU, week("2026-12-07")),
        ("v 50", THU, week("2026-12-07")),
        ("v.50", THU, week("2026-12-07")),
        ("v. 50", THU, week("2026-12-07")),
        ("v50", THU, week("2026-12-07")),
        ("week 50", THU, week("2026-12-07")),
        ("v 2", YEAR_END, week("2027-01-11")),
        ("vecka 1", YEAR_END, week("2027-01-04")),
        ("v 48", THU, week("2026-11-23")),  # the current week has not ended
        ("v 47", THU, week("2027-11-22")),  # ended: next year's
        ("v 50-51", THU, week("2026-12-07") + week("2026-12-14")),
        ("vecka 50 och 52", THU, week("2026-12-07") + week("2026-12-21")),
        ("resten av veckan", THU, ["2026-11-26", "2026-11-27"]),
        ("rest of the week", THU, ["2026-11-26", "2026-11-27"]),
        ("resten av veckan", SUN, week("2026-12-07")),
        # placing weekday names in a week
        ("måndag och tisdag nästa vecka", THU, ["2026-11-30", "2026-12-01"]),
        ("mån-ons nästa vecka", THU, ["2026-11-30", "2026-12-01", "2026-12-02"]),
        ("tisdag v 51", THU, ["2026-12-15"]),
        ("nästa vecka på onsdag", THU, ["2026-12-02"]),
        # ranges: Monday to Friday only
        ("måndag-onsdag", SUN, ["2026-12-07", "2026-12-08", "2026-12-09"]),
        ("mån till fre", THU, week("2026-11-30")),
        ("från idag till tisdag", THU, ["2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"]),
        ("fredag-måndag", THU, ["2026-11-27", "2026-11-30"]),
        ("14/12-18/12", THU, week("2026-12-14")),
        (
            "28/12 till 8/1",
            THU,
            [
                "2026-12-28",
                "2026-12-29",
                "2026-12-30",
                "2026-12-31",
                "2027-01-01",
                *week("2027-01-04"),
            ],
        ),
        ("3-5 dec", THU, ["2026-12-03", "2026-12-04"]),
        ("21-23/12", THU, ["2026-12-21", "2026-12-22", "2026-12-23"]),
        ("t.o.m. tisdag", THU, ["2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"]),
        ("till och med måndag", THU, ["2026-11-26", "2026-11-27", "2026-11-30"]),
        ("until Monday", THU, ["2026-11-26", "2026-11-27", "2026-11-30"]),
        # a day named on its own is kept even on a weekend
        ("lördag 28/11", THU, ["2026-11-28"]),
        ("i helgen", THU, ["2026-11-28", "2026-11-29"]),
        # figures: day first; no year means the next one on or after today
        ("3/12", THU, ["2026-12-03"]),
        ("26/11", THU, ["2026-11-26"]),
        ("25/11", THU, ["2027-11-25"]),
        ("3/12/2027", THU, ["2027-12-03"]),
        ("2026-12-24", THU, ["2026-12-24"]),
        ("den 16/12", THU, ["2026-12-16"]),
        # month names and ordinals
        ("3 dec", THU, ["2026-12-03"]),
        ("3 december", THU, ["2026-12-03"]),
        ("3:e december", THU, ["2026-12-03"]),
        ("den 3:e", THU, ["2026-12-03"]),
        ("den 30:e", THU, ["2026-11-30"]),
        ("den 1:a", THU, ["2026-12-01"]),
        ("1 jan", THU, ["2027-01-01"]),
        ("15 mars", THU, ["2027-03-15"]),
        ("December 3rd", THU, ["2026-12-03"]),
        ("3rd of December", THU, ["2026-12-03"]),
        ("23 och 24 dec", THU, ["2026-12-23", "2026-12-24"]),
        ("fredag 11/12", THU, ["2026-12-11"]),
        ("julafton", THU, ["2026-12-24"]),
        ("mellan jul och nyår", THU, ["2026-12-28", "2026-12-29", "2026-12-30"]),
        # lists
        ("idag och imorgon", THU, ["2026-11-26", "2026-11-27"]),
        ("ida o imon", THU, ["2026-11-26", "2026-11-27"]),
        ("i fredags", THU, ["2026-11-20"]),
    ],
)
def test_day_expressions(text: str, today: date, want: list[str]) -> None:
    assert days(text, today) == want


@pytest.mark.parametrize(
    "text",
    [
        "kommer 10",
        "8-16",
        "fyller 80",
        "alla tre",
        "v 8:30",
        "3/13",
        "32 dec",
        "vecka 54",
        "kl 10 till 12",
        "om en stund",
        "tor",  # alone: a name, not Thursday
    ],
)
def test_not_days(text: str) -> None:
    assert days(text) == []


def test_week_53_only_where_it_exists() -> None:
    assert iso_week_monday(date(2026, 12, 1), 53) == date(2026, 12, 28)
    assert iso_week_monday(date(2027, 3, 1), 53) is None


def test_workdays_skip_weekends() -> None:
    got = workdays(date(2026, 12, 4), date(2026, 12, 7))
    assert got == [date(2026, 12, 4), date(2026, 12, 7)]
