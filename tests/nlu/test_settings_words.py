"""Push settings in natural words, Swedish and English; anything else is left to the parser."""

from __future__ import annotations

from datetime import time

import pytest

from bot.nlu.settings import SettingChange, read_setting


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("kan kvällssammanfattningen komma kl 20 i stället?", time(20)),
        ("ändra tiden för sammanfattningen till 20.00", time(20)),
        ("Kan sammanfattningen komma 21 istället", time(21)),
        ("jag vill ha sammanfattningen kl 19", time(19)),
        ("flytta sammanfattningen till 19.30", time(19, 30)),
        ("could the evening summary come at 8 pm instead?", time(20)),
        ("change the summary time to 20:00", time(20)),
        ("send the summary at 19", time(19)),
        ("summary at 8pm", time(20)),
    ],
)
def test_a_new_time(text: str, at: time) -> None:
    assert read_setting(text) == SettingChange("summary_time", at=at)


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("stäng av sammanfattningen", False),
        ("inga fler sammanfattningar tack", False),
        ("jag vill inte ha sammanfattningen", False),
        ("turn off the summary", False),
        ("stop the daily summary", False),
        ("slå på sammanfattningen igen", True),
        ("I want the summary back", True),
    ],
)
def test_on_and_off(text: str, on: bool) -> None:
    assert read_setting(text) == SettingChange("summary_on", on=on)


@pytest.mark.parametrize(
    "text",
    [
        "sammanfattning",
        "sammanfattning av veckan",
        "vad stod i sammanfattningen igår?",
        "kan jag få sammanfattningen nu",
        "skicka sammanfattningen",
        "sammanfattningen för 20/11",
        "Elsa kommer 20 i stället",
    ],
)
def test_not_a_setting(text: str) -> None:
    assert read_setting(text) is None
