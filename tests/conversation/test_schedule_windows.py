"""One message, several windows: each day gets its own times in the Hub.

"7.15–16.15 mån–tors nästa vecka och fredag 7.15–14", "mån till tors 7.30–16, men
onsdag hämtar vi 15", and fritids in the morning and the afternoon ("7-8 och 13-17")
reach the sandbox Hub day by day, as `hub state` shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.testing.conversation import BotHarness

THURSDAY = "2026-11-26T07:30:00+01:00"


def times(bot: BotHarness, child: str) -> dict[str, dict[str, Any]]:
    assert bot.app.sandbox is not None
    return {
        row["date"]: row
        for row in bot.app.sandbox.state()["time_registrations"]
        if row["child"] == child
    }


async def test_two_rules_in_one_message(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 7.15–16.15 mån–tors nästa vecka och fredag 7.15–14")
        assert "• mån 30 nov: 07:15–16:15" in said.text
        assert "• fre 4 dec: 07:15–14:00" in said.text
        assert times(bot, "Elsa") == {}
        await anna.press("Ja")
        elsa = times(bot, "Elsa")
        assert {d: (r["from"], r["to"]) for d, r in elsa.items()} == {
            "2026-11-30": ("07:15", "16:15"),
            "2026-12-01": ("07:15", "16:15"),
            "2026-12-02": ("07:15", "16:15"),
            "2026-12-03": ("07:15", "16:15"),
            "2026-12-04": ("07:15", "14:00"),
        }


async def test_an_exception_moves_one_end(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa mån till tors 7.30–16, men onsdag hämtar vi 15")
        assert "• ons 2 dec: 07:30–15:00" in said.text
        said = await anna.press("Ja")
        # Elsa's usual week is 07:30–16:00 already: only Wednesday changes in the Hub
        assert "tis 1 dec 07:30–16:00" in said.text and "ons 2 dec 07:30–15:00" in said.text
        elsa = times(bot, "Elsa")
        assert (elsa["2026-12-02"]["from"], elsa["2026-12-02"]["to"]) == ("07:30", "15:00")


async def test_fritids_morning_and_afternoon(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils fritids 7-8 och 13-17 på måndag")
        # the Hub keeps one span a day: the reply says what goes where
        assert "07:00–17:00" in said.text
        assert "07:00–08:00 och 13:00–17:00" in said.text
        await anna.press("Ja")
        row = times(bot, "Nils")["2026-11-30"]
        assert (row["from"], row["to"]) == ("07:00", "17:00")
        assert row["comment"] == "Tider: 07:00–08:00 och 13:00–17:00"


async def test_english_windows(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("english please")
        said = await anna.say("Nils 7-8 and 13-17 on Monday")
        assert "07:00–08:00 and 13:00–17:00" in said.text
        await anna.press(said.choices[0])
        row = times(bot, "Nils")["2026-11-30"]
        assert row["comment"] == "Tider: 07:00–08:00 och 13:00–17:00"
