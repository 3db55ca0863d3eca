"""Help that fits the family, the municipality's answers, and messages not understood."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.nlu import ParseResult
from bot.nlu import parse as nlu_parse
from bot.storage.models import Direction, LogEntry
from bot.testing.conversation import BotHarness, Chat


async def _last_incoming(bot: BotHarness, chat: Chat) -> LogEntry:
    key = bot.app.member_of(chat.chat, chat.sender_id).chat
    return next(e for e in await bot.app.store.list_log(key) if e.direction == Direction.IN)


async def test_help_uses_the_familys_children(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        lina = await bot.chat("lina")
        said = await lina.say("hjälp")
        assert "Jag kan hjälpa dig" in said.text
        # Saga is in year 7: the homework line; Ali at preschool: the times line.
        assert "”vad har Saga för läxa”" in said.text
        assert "”Ali 7.30-16 nästa vecka”" in said.text
        assert "”boka utvecklingssamtal”" in said.text


async def test_a_students_help_has_no_absence_or_booking(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        nils = await bot.chat("nils")
        said = await nils.say("hjälp")
        assert "”vad har Nils för läxa”" in said.text
        assert "sjuk" not in said.text and "boka utvecklingssamtal" not in said.text


async def test_help_about_one_errand_shows_its_examples(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("hur anmäler jag frånvaro?")
        assert "”Nils är sjuk idag” – anmäl frånvaro" in said.text
        assert "boka utvecklingssamtal" not in said.text


async def test_a_municipality_question_gets_the_profiles_answer(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        profile = bot.app.profile
        anna = await bot.chat("anna")
        said = await anna.say("jag har glömt mitt lösenord")
        assert said.text == profile.answer("forgotten_password", "sv")
        assert [c.url for r in said.replies for c in r.choices] == [profile.hub_url]
        logged = await _last_incoming(bot, anna)
        assert "faq" in logged.flags and "not_understood" not in logged.flags

        await anna.say("byt språk till engelska")
        english = await anna.say("how do I apply for a preschool place?")
        assert english.text == profile.answer("childcare_place", "en")


async def test_not_understood_gets_suggestions_and_is_counted(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("blomkål i trädgården")
        assert "det förstod jag inte" in said.text
        assert {"Kalendern", "Nyheter", "Hjälp"} <= set(said.choices)
        logged = await _last_incoming(bot, anna)
        assert logged.intent == "unknown" and "not_understood" in logged.flags
        calendar = await anna.press("Kalendern")
        assert "Kalendern för Nils och Elsa" in calendar.text


async def test_the_parsers_runners_up_become_the_suggestions(tmp_path: Path) -> None:
    def parse(text: str, now: datetime, children: Sequence[str]) -> ParseResult:
        if text == "elsa samtal eller sjuk":
            return ParseResult(
                intent="unknown",
                children=["Elsa"],
                alternatives=[("report_absence", 0.3), ("book_meeting", 0.55)],
            )
        return nlu_parse(text, now, children)

    # The parser is injected into the app; this one answers one message its way.
    async with BotHarness.started(tmp_path, parse=parse) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("elsa samtal eller sjuk")
        assert said.choices[:2] == ["Boka utvecklingssamtal", "Anmäl frånvaro"]
        assert "Menade du något av det här?" in said.text
        booking = await anna.press("Boka utvecklingssamtal")
        assert "Lediga tider för utvecklingssamtal om Elsa" in booking.text

        await anna.say("elsa samtal eller sjuk")
        example = await anna.press("Anmäl frånvaro")
        # A guess never files an absence: the button shows how to ask.
        assert "”Nils är sjuk idag” – anmäl frånvaro" in example.text
        assert "Frånvaro anmäld" not in example.text


async def test_a_greeting_gets_todays_overview(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Hej!")
        assert said.text.startswith("Hej Anna!\nIdag, torsdag 26 november:")
        assert "• Elsa:" in said.text and "• Nils:" in said.text
        logged = await _last_incoming(bot, anna)
        assert "not_understood" not in logged.flags
