"""Health information: flagged for recall, and cut out exactly, leaving who and when."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import parse, redact_health

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")
FAMILY = ["Elsa", "Nils"]


@pytest.mark.parametrize(
    "text",
    [
        "Elsa har feber",
        "Elsa är febrig",
        "Nils kräks",
        "Nils har kräkts i natt",
        "Elsa spydde igår kväll",
        "Nils har magsjuka",
        "Elsa är magsjuk",
        "Nils har ont i magen",
        "Elsa har ont i öronen",
        "Nils har halsont",
        "Elsa är förkyld",
        "Nils hostar mycket",
        "Elsa har snuva",
        "Nils har vattkoppor",
        "Elsa har öroninflammation",
        "Nils har halsfluss",
        "Elsa har astma",
        "Nils har fått en allergisk reaktion",
        "Elsa har diarré",
        "Nils har huvudvärk",
        "Elsa mår illa",
        "Nils har influensa",
        "Elsa har covid",
        "Nils ska till läkaren",
        "Elsa har läkarbesök",
        "Nils ska till tandläkaren",
        "Elsa ska på BVC",
        "Nils ska till vårdcentralen",
        "Elsa är på sjukhuset",
        "Nils tar antibiotika",
        "Elsa har fått medicin",
        "Nils har brutit armen",
        "Elsa har löss",
        "Nils fick en spruta",
        "Elsa has a fever",
        "Nils is throwing up",
        "Elsa has a sore throat",
        "Nils has a cold",
        "Elsa has a doctor's appointment",
        "Nils is at the dentist",
        "Elsa takes antibiotics",
    ],
)
def test_health_information_is_flagged(text: str) -> None:
    result = parse(text, NOW, FAMILY)
    assert result.health_info is True
    assert result.health_spans
    assert result.intent == "report_absence"


@pytest.mark.parametrize(
    "text",
    [
        "Nils är sjuk",
        "Nils är sjuk idag",
        "sjukanmälan Elsa",
        "vi är sjuka allihop",
        "Elsa is sick",
        "Elsa is ill today",
        "Elsa är hemma",
        "Nils kommer 10",
        "vab Elsa",
        "kontakta supporten",
        "Elsa mår bra nu",
        "vi är hemma kl 15",
        "det är gemensam lunch på fredag",
    ],
)
def test_plain_illness_and_other_words_are_not(text: str) -> None:
    assert parse(text, NOW, FAMILY).health_info is False


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Elsa är hemma idag, hon har feber", "Elsa är hemma idag"),
        (
            "Hej Elsa kommer inte idag eller imorgon, hon har magsjuka 🤢",
            "Hej Elsa kommer inte idag eller imorgon 🤢",
        ),
        ("Elsa är hemma idag hon har feber och kräkts i natt", "Elsa är hemma idag"),
        ("Frånvaro: Maja 3/12 pga läkarbesök", "Frånvaro: Maja 3/12"),
        (
            "Elsa kommer inte på måndag, hon har fått öroninflammation och ska ta antibiotika.",
            "Elsa kommer inte på måndag.",
        ),
        ("Nils slutar 12 imorgon, tandläkare", "Nils slutar 12 imorgon"),
    ],
)
def test_redaction_keeps_who_and_when(text: str, kept: str) -> None:
    family = ["Elsa", "Nils", "Maja"]
    result = parse(text, NOW, family)
    assert redact_health(text, result) == kept
    for start, end in result.health_spans:
        assert 0 <= start < end <= len(text)


def test_spans_name_the_health_words() -> None:
    text = "Elsa är hemma, hon har vattkoppor"
    result = parse(text, NOW, FAMILY)
    quoted = [t for _, _, t in result.spans["health"]]
    assert quoted == ["hon har vattkoppor"]


def test_health_outside_an_absence_is_still_flagged() -> None:
    """The flag protects the Hub whatever the errand; the intent stays what it is."""
    result = parse("boka samtal om Elsas astma", NOW, FAMILY)
    assert result.intent == "book_meeting"
    assert result.health_info is True
