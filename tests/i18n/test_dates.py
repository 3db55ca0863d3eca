from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import STOCKHOLM
from bot.i18n import (
    format_day,
    format_day_list,
    format_day_short,
    format_relative_day,
    format_time,
    weekday_name,
    weekday_names,
)

FRI = date(2026, 11, 27)


def december(*days: int) -> list[date]:
    return [date(2026, 12, d) for d in days]


@pytest.mark.parametrize(
    ("lang", "full", "short"),
    [
        ("sv", "fredag 27 november", "fre 27 nov"),
        ("en", "Friday 27 November", "Fri 27 Nov"),
        ("de", "fredag 27 november", "fre 27 nov"),
    ],
)
def test_day_shapes(lang: str, full: str, short: str) -> None:
    assert format_day(FRI, lang) == full
    assert format_day_short(FRI, lang) == short


@pytest.mark.parametrize(
    ("d", "sv", "en"),
    [
        (date(2027, 1, 4), "mån 4 jan", "Mon 4 Jan"),
        (date(2026, 9, 1), "tis 1 sep", "Tue 1 Sep"),
        (date(2027, 3, 4), "tors 4 mars", "Thu 4 Mar"),
        (date(2027, 5, 1), "lör 1 maj", "Sat 1 May"),
    ],
)
def test_short_days_have_no_abbreviation_dots(d: date, sv: str, en: str) -> None:
    assert format_day_short(d, "sv") == sv
    assert format_day_short(d, "en") == en


def test_aware_datetimes_are_dated_in_stockholm() -> None:
    late_utc = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # 00:30 on the 27th in Stockholm
    assert format_day(late_utc, "sv") == "fredag 27 november"
    assert format_day_short(late_utc, "en") == "Fri 27 Nov"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_day(datetime(2026, 11, 27, 8, 0), "sv")
    with pytest.raises(ValueError, match="naive"):
        format_time(datetime(2026, 11, 27, 8, 0), "sv")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_times_are_24_hour(lang: str) -> None:
    assert format_time(time(7, 30), lang) == "07:30"
    assert format_time(time(16, 5), lang) == "16:05"
    assert format_time(time(0, 0), lang) == "00:00"


def test_aware_times_are_shown_in_stockholm() -> None:
    winter = datetime(2026, 11, 27, 6, 30, tzinfo=UTC)
    summer = datetime(2026, 6, 12, 6, 30, tzinfo=UTC)
    assert format_time(winter, "sv") == "07:30"
    assert format_time(summer, "en") == "08:30"
    assert format_time(datetime(2026, 6, 12, 8, 30, tzinfo=STOCKHOLM), "sv") == "08:30"
    assert format_time(
        datetime(2026, 6, 12, 1, 0, tzinfo=timezone(timedelta(hours=-5))), "sv"
    ) == ("08:00")


@pytest.mark.parametrize(
    ("days", "sv", "en"),
    [
        ([], "", ""),
        (december(7), "måndag 7 december", "Monday 7 December"),
        (
            december(7, 8, 9, 10, 11),
            "måndag 7 – fredag 11 december",
            "Monday 7 – Friday 11 December",
        ),
        (
            december(7, 9),
            "måndag 7 och onsdag 9 december",
            "Monday 7 and Wednesday 9 December",
        ),
        (
            december(7, 9, 11),
            "måndag 7, onsdag 9 och fredag 11 december",
            "Monday 7, Wednesday 9 and Friday 11 December",
        ),
        (
            # A weekend between weekdays does not break the run.
            december(9, 10, 11, 14, 15),
            "onsdag 9 – tisdag 15 december",
            "Wednesday 9 – Tuesday 15 December",
        ),
        (
            # Two days are listed, not ranged, even over a weekend.
            december(11, 14),
            "fredag 11 och måndag 14 december",
            "Friday 11 and Monday 14 December",
        ),
        (
            [date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)],
            "fredag 27 november – tisdag 1 december",
            "Friday 27 November – Tuesday 1 December",
        ),
        (
            [*december(1), *december(7, 8, 9), date(2027, 1, 4)],
            "tisdag 1 december, måndag 7 – onsdag 9 december och måndag 4 januari",
            "Tuesday 1 December, Monday 7 – Wednesday 9 December and Monday 4 January",
        ),
        (
            # A missing weekday splits the range.
            december(7, 8, 10, 11),
            "måndag 7, tisdag 8, torsdag 10 och fredag 11 december",
            "Monday 7, Tuesday 8, Thursday 10 and Friday 11 December",
        ),
    ],
)
def test_day_lists(days: list[date], sv: str, en: str) -> None:
    assert format_day_list(days, "sv") == sv
    assert format_day_list(days, "en") == en


def test_day_lists_sort_and_deduplicate() -> None:
    assert format_day_list(december(11, 7, 9, 8, 10, 9), "sv") == "måndag 7 – fredag 11 december"


@given(st.sets(st.dates(date(2026, 1, 1), date(2028, 12, 31)), min_size=1, max_size=25))
def test_day_lists_name_the_first_and_last_day(days: set[date]) -> None:
    text = format_day_list(days, "sv")
    first, last = min(days), max(days)
    assert text.startswith(f"{weekday_name(first, 'sv')} {first.day}")
    assert text.endswith(format_day(last, "sv"))


def test_weekday_names() -> None:
    assert weekday_names("sv")[0] == "måndag"
    assert weekday_names("en")[6] == "Sunday"
    assert weekday_names("sv", "abbreviated")[4] == "fre"
    assert weekday_name(FRI, "sv") == "fredag"
    assert weekday_name(2, "en") == "Wednesday"


@pytest.mark.parametrize(
    ("offset", "sv", "en"),
    [
        (0, "idag", "today"),
        (1, "imorgon", "tomorrow"),
        (-1, "igår", "yesterday"),
        (2, "söndag 29 november", "Sunday 29 November"),
    ],
)
def test_relative_days(offset: int, sv: str, en: str) -> None:
    d = FRI + timedelta(days=offset)
    assert format_relative_day(d, FRI, "sv") == sv
    assert format_relative_day(d, FRI, "en") == en
