"""The rules that decide each day's honest way, without a Hub: now, later, or leave."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.clock import STOCKHOLM
from bot.handlers.absence.plan import (
    LATER,
    LEAVE,
    NOW,
    ChildRef,
    Filing,
    as_leave,
    filing_time,
    plan,
    runs,
    span_from_json,
    span_to_json,
)
from bot.hub.models import AbsenceSpan

THURSDAY = date(2026, 11, 26)
ELSA = ChildRef("1", "Elsa")
NILS = ChildRef("2", "Nils")


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


def test_today_and_tomorrow_now_later_days_later() -> None:
    result = plan([ELSA], days(THURSDAY, 3), AbsenceSpan.full_day(), THURSDAY)
    assert [(f.mode, f.start.day) for f in result.filings] == [(NOW, 26), (NOW, 27), (LATER, 28)]


def test_five_weekdays_across_a_weekend_are_one_leave_request() -> None:
    wednesday = date(2026, 12, 2)
    week = [d for d in days(wednesday, 7) if d.weekday() < 5]  # Wed–Tue
    result = plan([NILS], week, AbsenceSpan.morning(), THURSDAY)
    (leave,) = result.filings
    assert (leave.mode, leave.start, leave.end) == (LEAVE, wednesday, date(2026, 12, 8))
    assert leave.span == AbsenceSpan.full_day()
    assert len(leave.days) == 5


def test_four_weekdays_stay_single_days_and_past_days_are_set_aside() -> None:
    asked = [THURSDAY - timedelta(days=1), *days(date(2026, 11, 30), 4)]
    result = plan([ELSA, NILS], asked, AbsenceSpan.full_day(), THURSDAY)
    assert result.past == [date(2026, 11, 25)]
    assert len(result.filings) == 8 and {f.mode for f in result.filings} == {LATER}


def test_runs_join_over_weekends_only() -> None:
    friday, monday, wednesday = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2)
    assert runs([wednesday, friday, monday]) == [[friday, monday], [wednesday]]


def test_later_days_as_leave_one_request_per_child_and_run() -> None:
    tuesday, wednesday, friday = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 4)
    later = [
        Filing(LATER, "1", "Elsa", d, d, AbsenceSpan.full_day())
        for d in (tuesday, wednesday, friday)
    ]
    assert [(f.start, f.end) for f in as_leave(later)] == [
        (tuesday, wednesday),
        (friday, friday),
    ]


def test_filed_at_six_the_evening_before_or_at_once() -> None:
    morning = datetime(2026, 11, 26, 7, 30, tzinfo=STOCKHOLM)
    assert filing_time(date(2026, 12, 1), morning) == datetime(
        2026, 11, 30, 18, 0, tzinfo=STOCKHOLM
    )
    late = datetime(2026, 11, 30, 21, 0, tzinfo=STOCKHOLM)
    assert filing_time(date(2026, 12, 1), late) == late


@pytest.mark.parametrize(
    "span",
    [
        AbsenceSpan.full_day(),
        AbsenceSpan.morning(),
        AbsenceSpan.afternoon(),
        AbsenceSpan.between(None, time(10)),
        AbsenceSpan.between(time(13), None),
        AbsenceSpan.between(time(8), time(10)),
    ],
)
def test_spans_survive_storage(span: AbsenceSpan) -> None:
    assert span_from_json(span_to_json(span)) == span
    filing = Filing(NOW, "1", "Elsa", THURSDAY, THURSDAY, span)
    assert Filing.from_json(filing.to_json()) == filing
