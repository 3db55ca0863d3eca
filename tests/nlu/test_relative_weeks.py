"""Weeks counted from this one, and dates that do not exist.

"veckan efter nästa", "om två veckor", "måndag om två veckor", "nästnästa fredag",
"week after next": ISO weeks ahead of this one, Monday to Friday, a weekday placed
in them. "31/11", "30/2", "vecka 54" name no day: the command has no days (never
today in their place) and says which words were no date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.clock import STOCKHOLM
from bot.nlu import parse

THU = datetime(2026, 11, 26, 8, 0, tzinfo=STOCKHOLM)  # week 48
MONDAY_50 = date(2026, 12, 7)
MONDAY_51 = date(2026, 12, 14)


def week(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(5)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Elsa ledig veckan efter nästa", week(MONDAY_50)),
        ("Elsa ledig vecka efter nästa vecka", week(MONDAY_50)),
        ("Elsa ledig nästnästa vecka", week(MONDAY_50)),
        ("Elsa är ledig om två veckor", week(MONDAY_50)),
        ("Elsa är ledig om 3 veckor", week(MONDAY_51)),
        ("Elsa ledig måndag om två veckor", [MONDAY_50]),
        ("Elsa ledig om två veckor på tisdag", [MONDAY_50 + timedelta(days=1)]),
        ("tisdag och onsdag veckan efter nästa är Elsa ledig", week(MONDAY_50)[1:3]),
        ("Elsa ledig nästnästa fredag", [MONDAY_50 + timedelta(days=4)]),
        ("Elsa ledig fredag efter nästa", [MONDAY_50 + timedelta(days=4)]),
        ("Elsa is off the week after next", week(MONDAY_50)),
        ("Elsa off in two weeks", week(MONDAY_50)),
        ("Elsa off Monday in two weeks", [MONDAY_50]),
        ("Elsa off on the Friday after next", [MONDAY_50 + timedelta(days=4)]),
        # days stay days
        ("Elsa ledig om 14 dagar", [date(2026, 12, 10)]),
        ("Elsa ledig nästa fredag", [date(2026, 12, 4)]),
    ],
)
def test_weeks_ahead(text: str, want: list[date]) -> None:
    result = parse(text, THU, ["Elsa", "Nils"])
    assert result.intent == "schedule_day_off"
    assert result.dates == want


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Elsa sjuk 31/11", "31/11"),
        ("Elsa ledig 30/2", "30/2"),
        ("Elsa ledig 29/2", "29/2"),  # no 29 February within a year
        ("Elsa ledig vecka 54", "vecka 54"),
        ("Elsa sjuk 31 november", "31 november"),
        ("Elsa ledig den 30 februari", "den 30 februari"),
        ("Elsa ledig 30-31 november", "30-31 november"),
        ("Nils kommer 8-16 den 31/4", "den 31/4"),
        ("Elsa sjuk 2026-11-31", "2026-11-31"),
    ],
)
def test_a_date_that_does_not_exist_is_no_day(text: str, typed: str) -> None:
    result = parse(text, THU, ["Elsa", "Nils"])
    assert result.intent in ("report_absence", "schedule_day_off", "schedule_set_times")
    assert result.dates == []  # never today in its place
    assert [quoted for _, _, quoted in result.invalid_dates] == [typed]
    assert result.to_contract()["invalid_dates"] == [typed]


@pytest.mark.parametrize(
    "text",
    ["Elsa ledig 30/11", "Elsa ledig v 53", "Nils kommer 8:30 imorgon", "Elsa sjuk idag"],
)
def test_real_dates_are_not_marked(text: str) -> None:
    result = parse(text, THU, ["Elsa", "Nils"])
    assert result.dates and not result.invalid_dates
    assert "invalid_dates" not in result.to_contract()


def test_a_week_53_only_counts_in_a_year_that_has_one() -> None:
    # 2027 has 52 ISO weeks; in February 2027 "vecka 53" is neither this year's nor next's
    feb = datetime(2027, 2, 3, 8, 0, tzinfo=STOCKHOLM)
    result = parse("Elsa ledig vecka 53", feb, ["Elsa"])
    assert result.dates == [] and result.invalid_dates
