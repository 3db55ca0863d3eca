"""Several presence windows in one message: each day with its own (ParseResult.day_windows)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.clock import STOCKHOLM
from bot.nlu import parse

THU = datetime(2026, 11, 26, 8, 0, tzinfo=STOCKHOLM)
MON, TUE, WED, THU_ = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)
NEXT_FRI = date(2026, 12, 4)


def windows(text: str) -> dict[date, list[tuple[str | None, str | None]]]:
    result = parse(text, THU, ["Elsa", "Nils"])
    assert result.intent == "schedule_set_times"
    return {
        day: [(w.to_contract()["from"], w.to_contract()["to"]) for w in spans]
        for day, spans in result.day_windows
    }


def test_two_rules_with_the_friday_in_the_same_week() -> None:
    found = windows("Elsa 7.15–16.15 mån–tors nästa vecka och fredag 7.15–14")
    assert found == {
        MON: [("07:15", "16:15")],
        TUE: [("07:15", "16:15")],
        WED: [("07:15", "16:15")],
        THU_: [("07:15", "16:15")],
        NEXT_FRI: [("07:15", "14:00")],
    }


def test_an_exception_keeps_the_rules_other_end() -> None:
    found = windows("mån till tors 7.30–16, men onsdag hämtar vi 15")
    assert found[WED] == [("07:30", "15:00")]
    assert found[TUE] == [("07:30", "16:00")]


@pytest.mark.parametrize(
    "text",
    [
        "Nils fritids 7-8 och 13-17 på måndag",
        "Nils fritids måndag 7-8 och sedan 13-17",
        "Nils 7-8 and 13-17 on Monday",
    ],
)
def test_morning_and_afternoon_in_one_day(text: str) -> None:
    assert windows(text) == {MON: [("07:00", "08:00"), ("13:00", "17:00")]}


@pytest.mark.parametrize(
    "text",
    ["måndag 8-16, tisdag 9-15", "8-16 måndag och 9-15 tisdag", "mån 8-16 tis 9-15"],
)
def test_days_first_or_times_first(text: str) -> None:
    assert windows(text) == {MON: [("08:00", "16:00")], TUE: [("09:00", "15:00")]}


def test_days_listed_together_share_their_time() -> None:
    found = windows("måndag och tisdag 8-16, onsdag 9-14")
    assert found == {
        MON: [("08:00", "16:00")],
        TUE: [("08:00", "16:00")],
        WED: [("09:00", "14:00")],
    }


@pytest.mark.parametrize(
    "text", ["Elsa 7.30-16 på måndag", "lämnar 8 hämtar 15.30 fredag", "Elsa 8-16 nästa vecka"]
)
def test_one_window_for_every_day_needs_no_table(text: str) -> None:
    result = parse(text, THU, ["Elsa"])
    assert result.intent == "schedule_set_times" and result.day_windows == []
    assert "day_windows" not in result.to_contract()


def test_the_contract_span_is_the_first_window() -> None:
    result = parse("Nils fritids 7-8 och 13-17 imorgon", THU, ["Nils"])
    assert result.to_contract()["span"] == {"from": "07:00", "to": "08:00"}
    assert result.to_contract()["day_windows"] == [
        {
            "date": "2026-11-27",
            "windows": [{"from": "07:00", "to": "08:00"}, {"from": "13:00", "to": "17:00"}],
        }
    ]
