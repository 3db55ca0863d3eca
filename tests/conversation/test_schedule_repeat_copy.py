"""Repeating a week for more weeks, and copying one child's week to a sibling."""

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


async def test_repeat_a_week_for_three_weeks_in_words(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 nästa vecka")
        said = await anna.press("Ja")
        assert "Upprepa i fler veckor" in said.choices
        said = await anna.say("upprepa veckan i 3 veckor")
        assert "vecka 49 under vecka 50–51" in said.text
        assert "måndag 14 december: stängt (planeringsdag)" in said.text
        said = await anna.press("Ja")
        assert "Klart" in said.text
        elsa = times(bot, "Elsa")
        weeks_49_to_51 = [
            f"2026-{d}"
            for d in (
                "11-30", "12-01", "12-02", "12-03", "12-04",
                "12-07", "12-08", "12-09", "12-10", "12-11",
                "12-15", "12-16", "12-17", "12-18",
            )
        ]  # fmt: skip
        assert sorted(elsa) == weeks_49_to_51  # the planeringsdag 14 December is not booked
        assert {(r["from"], r["to"]) for r in elsa.values()} == {("08:00", "16:00")}


async def test_repeat_from_the_button(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils ledig fredag")
        await anna.press("Ja")
        said = await anna.press("Upprepa i fler veckor")
        assert "Till och med vecka 50" in said.choices
        said = await anna.press("Till och med vecka 50")
        # Nils's week 48 repeated: Mon–Thu 07:15–16:30 are his base times already; Fridays Ledig.
        assert "fre 4 dec: Ledig" in said.text and "fre 11 dec: Ledig" in said.text
        await anna.press("Ja")
        nils = times(bot, "Nils")
        assert {d for d, r in nils.items() if r["on_leave"]} == {
            "2026-11-27",
            "2026-12-04",
            "2026-12-11",
        }


async def test_copy_elsas_week_to_nils(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("kopiera Elsas vecka till Nils")
        assert "samma tider som Elsa" in said.text
        assert "måndag 23 – onsdag 25 november: har redan varit" in said.text
        assert "• tors 26 nov: 07:30–16:00" in said.text
        assert "• fre 27 nov: 07:30–15:00" in said.text
        said = await anna.press("Ja")
        assert "Ingen kommentar" in said.choices  # today changed: a word to the staff?
        await anna.press("Ingen kommentar")
        nils = times(bot, "Nils")
        assert {d: (r["from"], r["to"]) for d, r in nils.items()} == {
            "2026-11-26": ("07:30", "16:00"),
            "2026-11-27": ("07:30", "15:00"),
        }


async def test_same_times_for_a_sibling_next_week_and_from_the_button(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 nästa vecka")
        await anna.press("Ja")
        said = await anna.say("samma tider för Nils som Elsa nästa vecka")
        assert "• mån 30 nov: 08:00–16:00" in said.text
        await anna.press("Ja")
        assert len(times(bot, "Nils")) == 5
        said = await anna.say("visa schemat för Nils vecka 50")
        said = await anna.press("Kopiera till Elsa")
        assert "samma tider som Nils" in said.text
        assert "• ons 9 dec" not in said.text  # Nils's studiedag has nothing to copy
        await anna.press("Ja")
        elsa = times(bot, "Elsa")
        assert elsa["2026-12-08"]["from"] == "07:15" and "2026-12-09" not in elsa


async def test_a_student_cannot_repeat_or_copy(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        nils = await bot.chat("nils")
        said = await nils.say("upprepa veckan i 3 veckor")
        assert "elev" in said.text
        assert times(bot, "Nils") == {}


async def test_repeat_both_childrens_week_in_one_confirmation(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("barnen 8-16 nästa vecka")
        await anna.press("Ja")
        said = await anna.say("samma tider nästa vecka 2 veckor framåt")
        said = await anna.press("Båda")
        assert "För Elsa:" in said.text and "För Nils:" in said.text
        assert said.choices == ["Ja", "Nej"]
        await anna.press("Ja")
        assert "2026-12-18" in times(bot, "Elsa")  # weeks 50 and 51 (not the 14th: closed)
        assert "2026-12-14" not in times(bot, "Elsa")
        assert "2026-12-18" in times(bot, "Nils")
        assert "2026-12-09" not in times(bot, "Nils")  # Nils's studiedag
