"""Asking what the bot keeps (GDPR article 15) is its own intent; erasing stays forget_me."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import parse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")
FAMILY = ["Elsa", "Nils"]


@pytest.mark.parametrize(
    "text",
    [
        "vad har du sparat om mig",
        "Vad har ni sparat om mig?",
        "vad vet du om mig",
        "vad sparar ni om oss",
        "vilka uppgifter har ni om mig",
        "vilka personuppgifter sparar ni",
        "vad har du för uppgifter om mig",
        "vad finns sparat om mig",
        "visa mina uppgifter",
        "jag vill se min data",
        "jag vill ha en kopia av mina uppgifter",
        "registerutdrag",
        "begär ut mina personuppgifter",
        "what do you store about me",
        "What do you know about me?",
        "what data do you keep",
        "what information do you have about me",
        "show me my data",
        "export my data",
        "I want a copy of my data",
    ],
)
def test_asking_what_is_kept(text: str) -> None:
    assert parse(text, NOW, FAMILY).intent == "my_data"


@pytest.mark.parametrize(
    "text",
    [
        "glöm mig",
        "radera mina uppgifter",
        "radera allt du sparat om mig",
        "ta bort mina personuppgifter",
        "delete my data",
        "gdpr",
    ],
)
def test_erasing_stays_forget_me(text: str) -> None:
    assert parse(text, NOW, FAMILY).intent == "forget_me"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("vad har Elsa för läxa", "calendar"),
        ("visa schemat", "schedule_show"),
        ("vad kan du göra", "help"),
    ],
)
def test_other_questions_are_not_taken(text: str, intent: str) -> None:
    assert parse(text, NOW, FAMILY).intent == intent
