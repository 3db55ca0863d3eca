"""Grades as letters and grade words inside compounds are secure content too.

"fått F", "hur många E" ("E" is otherwise shorthand for "är"), "an A in maths",
"terminsbetyg", "kunskapsbedömning": the bot refuses them with the BankID link.
A capital letter that is no grade ("A question", "ett A4-papper") is left alone.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import parse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")
FAMILY = ["Elsa", "Nils"]


@pytest.mark.parametrize(
    "text",
    [
        "har Nils fått F",
        "har nils fått f i engelska",
        "hur många E har Elsa",
        "hur många F har Nils?",
        "fick Elsa ett A i matte?",
        "Nils fick E på provet",
        "har Nils F-varning",
        "Nils terminsbetyg",
        "kunskapsbedömning för Nils",
        "Elsas slutbetyg",
        "Nils skolresultat",
        "got an F in math",
        "Did Nils get a C in English?",
        "how many A's does Nils have",
        "vilket betyg fick Elsa i svenska",
    ],
)
def test_grades_in_every_phrasing(text: str) -> None:
    assert parse(text, NOW, FAMILY).intent == "secure_content"


@pytest.mark.parametrize(
    "text",
    [
        "A question: is Elsa sick today?",
        "Elsa E sjuk idag",
        "ska Nils ha med ett A4-papper imorgon",
    ],
)
def test_a_capital_letter_is_not_always_a_grade(text: str) -> None:
    assert parse(text, NOW, FAMILY).intent != "secure_content"
