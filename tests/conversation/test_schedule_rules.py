"""The schedule's pure parts: the repeat/copy/comment phrases and the Hub's day rules."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.handlers.schedule.model import (
    ChildDays,
    ChildKey,
    changes_from_json,
    changes_to_json,
    merge,
)
from bot.handlers.schedule.rules import SkipReason, plan_changes
from bot.handlers.schedule.sources import copied_days, repeated_days
from bot.hub.models import DayTimes, TimeRegistrationWeek
from bot.nlu.answers import Waiting, cancels
from bot.nlu.schedule_phrases import copy_request, inline_comment, repeat_request

NAMES = ["Elsa", "Nils"]
ELSA = ChildKey("3100101", "Elsa")
THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "weeks_after"),
    [
        ("upprepa veckan i 3 veckor", 2),
        ("Upprepa Elsas vecka i tre veckor", 2),
        ("samma tider 4 veckor framåt", 4),
        ("samma tider 1 vecka till", 1),
        ("repeat for 4 weeks", 3),
        ("repeat this week for the next 3 weeks", 3),
        ("Elsa 8-16 nästa vecka, upprepa i 3 veckor", 2),
    ],
)
def test_repeat_phrases(text: str, weeks_after: int) -> None:
    found = repeat_request(text)
    assert found is not None and found.weeks_after == weeks_after


@pytest.mark.parametrize(
    "text",
    ["Elsa 8-16 vecka 50", "visa schemat nästa vecka", "Elsa ledig om 3 veckor", "upprepa"],
)
def test_not_a_repeat(text: str) -> None:
    assert repeat_request(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "kopiera Elsas vecka till Nils",
        "Kopiera Elsas tider för nästa vecka till Nils",
        "samma tider för Nils som Elsa",
        "Nils ska ha samma tider som Elsa",
        "copy Elsa's week to Nils",
        "same times for Nils as Elsa",
    ],
)
def test_copy_phrases(text: str) -> None:
    assert copy_request(text, NAMES) == ("Elsa", "Nils")


@pytest.mark.parametrize(
    "text",
    [
        "kopiera meddelandet till Nils lärare",
        "samma tider som förra veckan",
        "kopiera Elsa till Elsa",
    ],
)
def test_not_a_copy(text: str) -> None:
    assert copy_request(text, NAMES) is None


def test_inline_comment_and_cancel() -> None:
    assert inline_comment("Elsa 8-15 idag, kommentar: hämtas av mormor") == "hämtas av mormor"
    assert inline_comment("Elsa 8-15 today, comment: grandma picks her up") == (
        "grandma picks her up"
    )
    assert inline_comment("Elsa 8-15 idag") is None
    assert cancels("Avbryt.", Waiting.COMMENT) and not cancels("mormor hämtar", Waiting.COMMENT)


def _week(**overrides: dict[str, object]) -> TimeRegistrationWeek:
    """A Mon–Fri week of 23–27 Nov 2026 with Elsa's base times, days patched by weekday."""
    days = []
    for i, name in enumerate(("mon", "tue", "wed", "thu", "fri")):
        iso = f"2026-11-{23 + i}"
        day: dict[str, object] = {
            "date": iso,
            "startDateTime": f"{iso}T07:30:00",
            "endDateTime": f"{iso}T{'15' if name == 'fri' else '16'}:00:00",
            "onLeave": False,
            "isLocked": 23 + i < 26,
            "isSchoolClosed": False,
            "canEdit": 23 + i >= 26,
            "schoolOpeningTime": "06:30",
            "schoolClosingTime": "18:00",
        }
        day.update(overrides.get(name, {}))
        days.append(day)
    return TimeRegistrationWeek.model_validate(
        {"startDate": "2026-11-23", "endDate": "2026-11-27", "days": days}
    )


def test_plan_sorts_days_by_the_hubs_rules() -> None:
    week = _week(fri={"isSchoolClosed": True, "schoolClosedReason": "Studiedag"})
    wanted = [DayTimes(date(2026, 11, d), time(8), time(16)) for d in (24, 26, 27, 28)] + [
        DayTimes(date(2026, 11, 30), time(8), time(16))
    ]
    plan = plan_changes(
        [ChildDays(ELSA, tuple(wanted))], {(ELSA.switch_id, date(2026, 11, 23)): week}, THURSDAY
    )
    assert [w.wanted.day for w in plan.writes] == [THURSDAY]
    reasons = {s.day: s.reason for s in plan.skips}
    assert reasons == {
        date(2026, 11, 24): SkipReason.PASSED,
        date(2026, 11, 27): SkipReason.CLOSED,
        date(2026, 11, 28): SkipReason.WEEKEND,
        date(2026, 11, 30): SkipReason.NO_DAY,  # its week was not read: never guessed
    }
    closed = next(s for s in plan.skips if s.reason == SkipReason.CLOSED)
    assert closed.detail == "Studiedag"


def test_plan_names_opening_hours_and_unchanged_days() -> None:
    week = _week()
    plan = plan_changes(
        [
            ChildDays(
                ELSA,
                (
                    DayTimes(THURSDAY, time(6), time(16)),
                    DayTimes(date(2026, 11, 27), time(7, 30), time(15)),
                ),
            )
        ],
        {(ELSA.switch_id, date(2026, 11, 23)): week},
        THURSDAY,
    )
    assert not plan.writes and plan.only_hours_refused
    hours = plan.skips[0]
    assert hours.reason == SkipReason.HOURS and hours.opening == time(6, 30)
    assert [d.date for _, d in plan.unchanged] == [date(2026, 11, 27)]


def test_a_group_that_locks_today_closes_the_day_before() -> None:
    week = _week(thu={"isLocked": True, "canEdit": False})
    plan = plan_changes(
        [
            ChildDays(
                ELSA,
                (
                    DayTimes(THURSDAY, time(8), time(15)),
                    DayTimes(date(2026, 11, 27), time(8), time(15)),
                ),
            )
        ],
        {(ELSA.switch_id, date(2026, 11, 23)): week},
        THURSDAY,
    )
    assert plan.day_before == [ELSA]
    assert [s.reason for s in plan.skips] == [SkipReason.DAY_BEFORE]
    assert [w.wanted.day for w in plan.writes] == [date(2026, 11, 27)]


def test_repeat_and_copy_take_the_source_week_as_it_stands() -> None:
    week = _week(wed={"onLeave": True, "startDateTime": None, "endDateTime": None})
    repeated = repeated_days(week, (), 2)
    assert len(repeated) == 10
    assert repeated[0] == DayTimes(date(2026, 11, 30), time(7, 30), time(16))
    assert DayTimes.leave(date(2026, 12, 9)) in repeated
    copied = copied_days([week], [date(2026, 11, 25), date(2026, 11, 27)])
    assert copied == (
        DayTimes.leave(date(2026, 11, 25)),
        DayTimes(date(2026, 11, 27), time(7, 30), time(15)),
    )


def test_changes_survive_json_and_merge() -> None:
    changes = [
        ChildDays(ELSA, (DayTimes(THURSDAY, time(8), time(15), comment="mormor hämtar"),)),
        ChildDays(
            ELSA, (DayTimes.leave(date(2026, 11, 27)), DayTimes(THURSDAY, time(9), time(15)))
        ),
    ]
    merged = merge(changes)
    assert len(merged) == 1 and [d.day for d in merged[0].days] == [THURSDAY, date(2026, 11, 27)]
    assert merged[0].days[0].start == time(9)
    assert changes_from_json(changes_to_json(changes)) == changes
