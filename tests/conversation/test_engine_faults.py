"""Odd messages and odd timing: every one gets a clear answer and leaves a consistent state.

The race tests press one stored question's button twice at once, or answer it
from two guardians of the same child; the Hub is then checked for exactly one
booking, whatever order the messages were handled in.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.conversation.types import Reply
from bot.hub.models import MeetingBooking
from bot.storage.models import Direction
from bot.testing.conversation import BotHarness, Chat, Said

ALREADY = "Du har redan svarat på den frågan"


def _payload(said: Said, label: str) -> str:
    for reply in said.replies:
        for choice in reply.choices:
            if choice.label == label:
                return choice.payload
    raise AssertionError(f"no button {label!r} in {said.text!r}")


async def _nils_bookings(bot: BotHarness, chat: Chat) -> list[MeetingBooking]:
    link = await bot.app.store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
    assert link is not None
    hub = await bot.app.hub_for(link)
    nils = next(c for c in await hub.children() if c.first_name == "Nils")
    return await hub.meeting_bookings(nils)


async def _ask_to_book(chat: Chat) -> Said:
    await chat.say("boka utvecklingssamtal för Nils")
    asked = await chat.say("1")
    assert "Boka utvecklingssamtal om Nils" in asked.text
    return asked


async def test_a_very_long_message_is_answered(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("blomkål och potatis i trädgårdslandet " * 200)
        assert "långt meddelande" in said.text
        assert "Något gick fel" not in said.text


async def test_emoji_only_is_answered(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("🙂🎉👍")
        assert "inte bilder eller emojier" in said.text
        assert said.choices


async def test_another_language_is_answered(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Wie geht es dir heute?")
        assert "Jag förstår svenska och engelska." in said.text
        assert "Hjälp" in said.choices


async def test_a_read_in_the_middle_of_a_confirmation_leaves_it_open(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        asked = await _ask_to_book(anna)
        news = await anna.say("nyheter")
        assert "Nyheter för" in news.text
        assert "Frågan står kvar: Boka utvecklingssamtal om Nils" in news.text
        booked = await anna.press_payload(_payload(asked, "Ja"))
        assert "Bokat" in booked.text
        assert len(await _nils_bookings(bot, anna)) == 1
        again = await anna.press_payload(_payload(asked, "Ja"))
        assert "redan svarat" in again.text and "Bokat" not in again.text


async def test_a_new_question_replaces_the_open_one(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        asked = await _ask_to_book(anna)
        await anna.say("Elsa är sjuk idag")
        late = await anna.press_payload(_payload(asked, "Ja"))
        assert "ersattes av en nyare" in late.text and "Boka utvecklingssamtal" in late.text
        assert await _nils_bookings(bot, anna) == []
        # A typed "ja" answers the newer question, not the replaced one.
        typed = await anna.say("ja")
        assert "Bokat" not in typed.text and "Elsa" in typed.text
        assert await _nils_bookings(bot, anna) == []


async def test_a_hub_outage_mid_confirmation_is_explained_and_can_be_retried(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path) as bot:
        sandbox = bot.app.sandbox
        assert sandbox is not None
        anna = await bot.chat("anna")
        await _ask_to_book(anna)
        sandbox.set_down(True)
        failed = await anna.say("ja")
        assert "Hubben svarar inte just nu" in failed.text
        sandbox.set_down(False)
        assert await _nils_bookings(bot, anna) == []
        await _ask_to_book(anna)
        booked = await anna.say("ja")
        assert "Bokat" in booked.text


async def test_two_presses_racing_for_one_confirmation_book_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        asked = await _ask_to_book(anna)
        yes = _payload(asked, "Ja")
        first, second = await asyncio.gather(anna.press_payload(yes), anna.press_payload(yes))
        texts = sorted([first.text, second.text])
        assert sum("Bokat" in t for t in texts) == 1
        assert any(ALREADY in t for t in texts)
        assert len(await _nils_bookings(bot, anna)) == 1


async def test_a_typed_yes_and_a_press_racing_book_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        asked = await _ask_to_book(anna)
        results = await asyncio.gather(anna.say("ja"), anna.press_payload(_payload(asked, "Ja")))
        assert sum("Bokat" in r.text for r in results) == 1
        assert len(await _nils_bookings(bot, anna)) == 1


async def test_two_guardians_racing_for_one_time_get_a_clear_answer(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        peter = await bot.chat("peter")
        anna_asked = await _ask_to_book(anna)
        peter_asked = await _ask_to_book(peter)
        anna_said, peter_said = await asyncio.gather(
            anna.press_payload(_payload(anna_asked, "Ja")),
            peter.press_payload(_payload(peter_asked, "Ja")),
        )
        booked = [s for s in (anna_said, peter_said) if "Bokat" in s.text]
        refused = [s for s in (anna_said, peter_said) if "Bokat" not in s.text]
        assert len(booked) == 1 and len(refused) == 1
        # The one who lost is told why and sees the booking that now stands.
        assert "gick inte att boka" in refused[0].text
        assert "Nils har ett bokat utvecklingssamtal" in refused[0].text
        assert len(await _nils_bookings(bot, anna)) == 1


async def test_an_erased_member_leaves_no_log_of_the_erasing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("radera mina uppgifter")
        await anna.press("Ja, radera")
        chat = bot.app.member_of(anna.chat, anna.sender_id).chat
        assert await bot.app.store.list_log(chat) == []
        welcome = await anna.say("hej")
        logged = await bot.app.store.list_log(chat)
        # Only the welcome for the new start is there.
        assert [e.direction for e in logged] == [Direction.OUT] * len(welcome.replies)
        assert isinstance(welcome.replies[0], Reply)
