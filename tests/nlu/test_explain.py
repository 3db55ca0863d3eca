"""What the bot says it understood, in Swedish and English."""

from __future__ import annotations

from datetime import datetime

from bot.nlu import explain, parse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")


def say(text: str, lang: str = "sv") -> str:
    return explain(parse(text, NOW, ["Elsa", "Nils"]), text, lang)


def test_the_example_from_the_brief() -> None:
    assert say("frånvaro Elsa imorgon fm") == (
        "Jag tolkade 'imorgon fm' som fredag 27 november, förmiddag."
    )


def test_english_variant() -> None:
    assert say("frånvaro Elsa imorgon fm", "en") == (
        "I read 'imorgon fm' as Friday 27 November, morning."
    )


def test_ranges_times_and_partial_days() -> None:
    assert say("Elsa ledig 14/12-18/12") == (
        "Jag tolkade '14/12-18/12' som måndag 14 december till fredag 18 december."
    )
    assert say("Elsa 8-16 på måndag") == (
        "Jag tolkade '8-16 på måndag' som måndag 30 november, 08:00–16:00."
    )
    assert say("Elsa kommer 10 imorgon") == (
        "Jag tolkade '10 imorgon' som fredag 27 november, till 10:00."
    )
    assert (
        say("Elsa hämtas 13 idag", "en") == "I read '13 idag' as Thursday 26 November, from 13:00."
    )


def test_a_default_day_is_said_as_such() -> None:
    assert say("Elsa är sjuk") == (
        "Jag hittade ingen dag i meddelandet, så jag utgick från idag: torsdag 26 november."
    )


def test_nothing_to_say_without_days() -> None:
    assert say("visa schemat") == ""
    assert say("logga ut") == ""
