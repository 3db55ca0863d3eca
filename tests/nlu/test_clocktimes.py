"""Clock times in every common form, and the span each errand gets from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.nlu import parse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")


def got(text: str) -> dict[str, Any]:
    return parse(text, NOW, ["Elsa", "Nils"]).to_contract()


@pytest.mark.parametrize(
    ("text", "to"),
    [
        ("Elsa kommer 10", "10:00"),
        ("Elsa kommer kl 10", "10:00"),
        ("Elsa kommer kl. 10", "10:00"),
        ("Elsa kommer klockan 10", "10:00"),
        ("Elsa kommer 8.30", "08:30"),
        ("Elsa kommer 8:30", "08:30"),
        ("Elsa kommer 08.30", "08:30"),
        ("Elsa kommer kl 0830", "08:30"),
        ("Elsa kommer halv nio", "08:30"),
        ("Elsa kommer kvart över åtta", "08:15"),
        ("Elsa kommer kvart i nio", "08:45"),
        ("Elsa kommer kl tio", "10:00"),
        ("Elsa kommer ca 10.15", "10:15"),
        ("Elsa kommer runt 10", "10:00"),
        ("Elsa kommer in först kl 11", "11:00"),
        ("Elsa börjar 9", "09:00"),
        ("Elsa lämnas 9.45", "09:45"),
        ("Elsa arrives at 10am", "10:00"),
        ("Elsa will be late, arrives at 9:30", "09:30"),
        ("Elsa är hemma till 10", "10:00"),
    ],
)
def test_arriving_late_is_absent_until_then(text: str, to: str) -> None:
    result = got(text)
    assert result["intent"] == "report_absence"
    assert result["span"] == {"from": None, "to": to}


@pytest.mark.parametrize(
    ("text", "frm"),
    [
        ("Elsa går hem 13", "13:00"),
        ("Elsa hämtas 13.30", "13:30"),
        ("Elsa blir hämtad kl 14", "14:00"),
        ("Elsa slutar 12", "12:00"),
        ("vi hämtar Elsa 15:15", "15:15"),
        ("Elsa hämtas 3", "15:00"),  # school hours: 3 is 15:00
        ("Elsa hämtas kl 2 em", "14:00"),
        ("Elsa is picked up at 2pm", "14:00"),
        ("Elsa leaves at 13:45", "13:45"),
        ("Elsa är borta från 13", "13:00"),
    ],
)
def test_leaving_early_is_absent_from_then(text: str, frm: str) -> None:
    result = got(text)
    assert result["intent"] == "report_absence"
    assert result["span"] == {"from": frm, "to": None}


@pytest.mark.parametrize(
    ("text", "frm", "to"),
    [
        ("Elsa 8-16", "08:00", "16:00"),
        ("Elsa 7.30-16.30", "07:30", "16:30"),
        ("Elsa 07:45–15:15", "07:45", "15:15"),
        ("Elsa 8 - 14", "08:00", "14:00"),
        ("Elsa 8-4", "08:00", "16:00"),
        ("Elsa mellan 8 och 15", "08:00", "15:00"),
        ("Elsa från 8 till 15", "08:00", "15:00"),
        ("Elsa kl 8 till kl 15", "08:00", "15:00"),
        ("lämnas 8 hämtas 16", "08:00", "16:00"),
        ("Elsa hämtas 15 och lämnas 8", "08:00", "15:00"),
        ("Elsa kommer 9 och går hem 13", "09:00", "13:00"),
        ("drop off 8, pick up 15", "08:00", "15:00"),
        ("Elsa 8am-3pm", "08:00", "15:00"),
    ],
)
def test_both_ends_are_a_presence_window(text: str, frm: str, to: str) -> None:
    result = got(text)
    assert result["intent"] == "schedule_set_times"
    assert result["span"] == {"from": frm, "to": to}


@pytest.mark.parametrize(
    ("text", "frm", "to"),
    [
        ("frånvaro Elsa 8-10", "08:00", "10:00"),
        ("Elsa är borta mellan 9 och 11", "09:00", "11:00"),
        ("Elsa har tid hos tandläkaren 10-11", "10:00", "11:00"),
        ("Elsa går 10 och kommer tillbaka 13", "10:00", "13:00"),
    ],
)
def test_an_absent_interval(text: str, frm: str, to: str) -> None:
    result = got(text)
    assert result["intent"] == "report_absence"
    assert result["span"] == {"from": frm, "to": to}


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("frånvaro Elsa fm", "morning"),
        ("frånvaro Elsa f.m.", "morning"),
        ("Elsa hemma förmiddag", "morning"),
        ("Elsa borta på förmiddagen", "morning"),
        ("Elsa hemma em", "afternoon"),
        ("Elsa frånvaro e.m.", "afternoon"),
        ("Elsa hemma på eftermiddagen", "afternoon"),
        ("Elsa kommer efter lunch", "morning"),
        ("Elsa går hem efter lunch", "afternoon"),
        ("Elsa hämtas vid lunch", "afternoon"),
        ("Elsa hemma hela dagen", "full_day"),
        ("Elsa is absent in the morning", "morning"),
        ("Elsa is home this afternoon", "afternoon"),
        ("Elsa är sjuk", "full_day"),
    ],
)
def test_parts_of_the_day(text: str, part: str) -> None:
    result = got(text)
    assert result["intent"] == "report_absence"
    assert result["span"] == part


@pytest.mark.parametrize(
    "text",
    [
        "Elsa fyller 8 på fredag och är ledig",
        "vi är 3 som är sjuka",
        "Elsa är sjuk, hon har 39 i feber",
    ],
)
def test_numbers_that_are_not_times(text: str) -> None:
    assert got(text)["span"] in (None, "full_day")


def test_an_unrelated_time_yields_to_the_arrival() -> None:
    result = got("Elsa ska till vårdcentralen kl 9 så hon kommer runt 11")
    assert result["span"] == {"from": None, "to": "11:00"}


def test_other_intents_have_no_span() -> None:
    assert got("visa schemat för fredag")["span"] is None
    assert got("Elsa ledig fredag")["span"] is None
