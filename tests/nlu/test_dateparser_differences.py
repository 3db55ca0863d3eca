"""Where dateparser's Swedish answers differ from the contract, and where they agree.

The parser reads days with its own grammar (fast, no dateparser import on the hot
path). Each case here documents why: dateparser, given the same moment and asked to
prefer the future, answers differently from the contract's conventions. Where it
agrees (month names, absolute dates), the test checks that both readings match.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime

import pytest

from bot.nlu import parse

dateparser_search = pytest.importorskip("dateparser.search")

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")  # a Thursday
SETTINGS = {"RELATIVE_BASE": NOW.replace(tzinfo=None), "PREFER_DATES_FROM": "future"}


def theirs(text: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = dateparser_search.search_dates(text, languages=["sv"], settings=SETTINGS)
    return sorted({d.date().isoformat() for _, d in found or []})


def ours(text: str) -> list[str]:
    result = parse(f"ledig {text}", NOW, [])
    return [d.isoformat() for d in result.dates]


WEEK_49 = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]


@pytest.mark.parametrize(
    ("text", "contract", "why"),
    [
        ("på torsdag", ["2026-11-26"], "a weekday includes today; dateparser skips to next week"),
        (
            "nästa fredag",
            ["2026-12-04"],
            "nästa <weekday> is in the next ISO week; dateparser: this Friday",
        ),
        ("3/12", ["2026-12-03"], "figures are day first; dateparser reads 3/12 as 12 March"),
        ("v 49", WEEK_49, "week numbers are not understood by dateparser"),
        ("vecka 49", WEEK_49, "week numbers are not understood by dateparser"),
        (
            "nästa vecka",
            WEEK_49,
            "a week is Monday to Friday; dateparser gives one day, today + 7",
        ),
        ("resten av veckan", ["2026-11-26", "2026-11-27"], "not understood by dateparser"),
        ("imorrn", ["2026-11-27"], "spoken form not understood by dateparser"),
        ("imon", ["2026-11-27"], "spoken form not understood by dateparser"),
        ("i övermorgon", ["2026-11-28"], "not understood by dateparser"),
        (
            "14/12-18/12",
            ["2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18"],
            "ranges are not understood by dateparser",
        ),
        ("den 3:e", ["2026-12-03"], "a day of the month alone is not understood by dateparser"),
    ],
)
def test_dateparser_differs_and_we_follow_the_contract(
    text: str, contract: list[str], why: str
) -> None:
    assert theirs(text) != contract, f"dateparser now agrees on {text!r}: {why}"
    assert ours(text) == contract


@pytest.mark.parametrize(
    "text",
    [
        "3 dec",
        "3 december",
        "3:e december",
        "23 december",
        "1 januari",
        "15 mars",
        "30 april",
        "17 maj",
        "6 juni",
        "1 augusti",
        "12 oktober",
        "idag",
        "imorgon",
        "fredag",
        "om 3 dagar",
    ],
)
def test_month_names_and_absolute_dates_agree(text: str) -> None:
    assert ours(text) == theirs(text)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_agrees(month: int) -> None:
    names = "januari februari mars april maj juni juli augusti september oktober november december"
    name = names.split()[month - 1]
    for day in (1, 14, 28):
        want = date(2026, month, day)
        if want < NOW.date():
            want = date(2027, month, day)
        assert ours(f"{day} {name}") == [want.isoformat()] == theirs(f"{day} {name}")
