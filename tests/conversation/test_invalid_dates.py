"""A date that does not exist is never taken as today: the bot says so and asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.testing.conversation import BotHarness

THURSDAY = "2026-11-26T07:30:00+01:00"


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Nils är sjuk 31/11", "31/11"),
        ("Elsa ledig 30/2", "30/2"),
        ("Elsa 8-16 vecka 54", "vecka 54"),
    ],
)
async def test_nothing_is_written_and_the_day_is_asked_for(
    tmp_path: Path, text: str, typed: str
) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        assert bot.app.sandbox is not None
        before = bot.app.sandbox.state()
        said = await anna.say(text)
        assert f"”{typed}” finns inte i kalendern" in said.text
        assert "Vilken dag menar du?" in said.text
        assert not said.choices
        after = bot.app.sandbox.state()
        assert after["absences"] == before["absences"]
        assert after["time_registrations"] == before["time_registrations"]


async def test_english(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("english please")
        said = await anna.say("Nils is sick on 31/11")
        assert "“31/11” is not a date in the calendar" in said.text
        assert "Which day did you mean?" in said.text
