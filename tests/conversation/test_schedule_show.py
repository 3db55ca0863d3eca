"""Showing the preschool and fritids week: one line a day, and the follow-up buttons."""

from __future__ import annotations

from pathlib import Path

from bot.storage.models import Language
from bot.testing.conversation import BotHarness, Chat

THURSDAY = "2026-11-26T07:30:00+01:00"
SATURDAY = "2026-11-28T10:00:00+01:00"


async def test_the_week_one_line_a_day_with_repeat_and_copy_buttons(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("visa schemat för Elsa")
        lines = said.text.splitlines()
        assert lines[0] == "Elsa, vecka 48:"
        assert lines[1:6] == [
            "mån 23 nov 07:30–16:00",
            "tis 24 nov 07:30–16:00",
            "ons 25 nov 07:30–16:00",
            "tors 26 nov 07:30–16:00",
            "fre 27 nov 07:30–15:00",
        ]
        assert said.choices == ["Upprepa i fler veckor", "Kopiera till Nils"]


async def test_no_child_named_asks_which(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("visa schemat")
        assert "Vilket barn" in said.text
        assert set(said.choices) == {"Elsa", "Nils", "Båda"}
        said = await anna.press("Nils")
        assert said.text.startswith("Nils, vecka 48:")
        assert "mån 23 nov 07:15–16:30" in said.text
        said = await anna.say("visa schemat")
        said = await anna.press("Båda")
        assert "Elsa, vecka 48:" in said.text and "Nils, vecka 48:" in said.text


async def test_after_the_school_week_the_next_week_is_shown(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=SATURDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("visa schemat för Elsa")
        assert said.text.startswith("Elsa, vecka 49:")
        assert "mån 30 nov 07:30–16:00" in said.text


async def test_closed_days_and_named_days(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("vad har Nils för tider vecka 50")
        assert "ons 9 dec stängt (studiedag)" in said.text
        assert "tis 8 dec 07:15–16:30" in said.text
        assert said.choices == ["Upprepa i fler veckor", "Kopiera till Elsa"]
        said = await anna.say("vad har Elsa för tider på fredag")
        assert said.text.splitlines() == ["Elsa, vecka 48:", "fre 27 nov 07:30–15:00"]
        assert not said.choices  # one day is not a week to repeat or copy


async def test_a_child_without_the_schedule_is_named(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        lina = await bot.chat("lina")
        said = await lina.say("visa schemat för Saga")
        assert "inget förskole- eller fritidsschema för Saga" in said.text
        assert not said.choices
        said = await lina.say("visa schemat")
        assert set(said.choices) == {"Noah", "Ali", "Båda"}  # Saga has no schedule


async def test_grundsarskola_week_says_the_days_close_the_day_before(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        sara = await bot.chat("sara")
        said = await sara.say("visa schemat")
        lines = said.text.splitlines()
        assert "tors 26 nov 07:30–16:00 (låst)" in lines
        assert "fre 27 nov 07:30–16:00" in lines  # tomorrow is still open
        assert "dagen innan" in said.text


async def test_english_chat(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await _english(bot, anna)
        said = await anna.say("show the schedule for Elsa")
        assert said.text.startswith("Elsa, week 48:")
        assert "Fri 27 Nov 07:30–15:00" in said.text
        assert said.choices == ["Repeat for more weeks", "Copy to Nils"]
        said = await anna.say("Elsa day off friday")
        assert "Fri 27 Nov: Day off" in said.text and said.choices == ["Yes", "No"]
        said = await anna.press("Yes")
        assert "Done! The Hub now shows:" in said.text and "Fri 27 Nov Day off" in said.text


async def test_a_student_sees_the_fritids_week_without_buttons(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        nils = await bot.chat("nils")
        said = await nils.say("visa schemat")
        assert said.text.startswith("Nils, vecka 48:")
        assert not said.choices


async def _english(bot: BotHarness, chat: Chat) -> None:
    store = bot.app.store
    link = await store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
    assert link is not None
    await store.set_language(link.id, Language("en"))
