"""Development talks: book after a yes, show, cancel by word or button, undo.

Seeded on Thursday 26 November 2026: 4B's talks are on Monday 7 and Tuesday
8 December, 15:00–17:30 in half hours, "Klassrum 4B".
"""

from __future__ import annotations

from pathlib import Path

from bot.hub.interface import HubClient
from bot.hub.models import Child, MeetingBooking
from bot.testing.conversation import BotHarness, Chat


async def _nils_bookings(bot: BotHarness, chat: Chat) -> list[MeetingBooking]:
    hub, nils = await _hub_and_nils(bot, chat)
    return await hub.meeting_bookings(nils)


async def _hub_and_nils(bot: BotHarness, chat: Chat) -> tuple[HubClient, Child]:
    member = bot.app.member_of(chat.chat, chat.sender_id)
    link = await bot.app.store.get_link(member)
    assert link is not None
    hub = await bot.app.hub_for(link)
    return hub, next(c for c in await hub.children() if c.first_name == "Nils")


async def test_book_show_cancel_by_button_and_undo(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("boka utvecklingssamtal för Nils")
        assert "Lediga tider för utvecklingssamtal om Nils" in said.text
        assert "måndag 7 december 15:30–16:00, Klassrum 4B" in said.text
        asked = await anna.press("mån 7 dec 15:30")
        assert "Boka utvecklingssamtal om Nils måndag 7 december 15:30–16:00" in asked.text
        assert await _nils_bookings(bot, anna) == []
        booked = await anna.press("Ja")
        assert "Bokat" in booked.text
        [booking] = await _nils_bookings(bot, anna)
        assert booking.time_range == "15:30-16:00"

        shown = await anna.say("mitt samtal")
        assert "Nils har ett bokat utvecklingssamtal: måndag 7 december 15:30–16:00" in shown.text
        assert "Avboka samtalet" in shown.choices
        asked = await anna.press("Avboka samtalet")
        assert "Avboka utvecklingssamtalet om Nils" in asked.text
        cancelled = await anna.press("Ja")
        assert "är avbokat" in cancelled.text
        assert await _nils_bookings(bot, anna) == []

        undone = await anna.say("ångra")
        assert "bokat igen" in undone.text
        [again] = await _nils_bookings(bot, anna)
        assert again.availability_id == booking.availability_id


async def test_cancel_by_words_and_undo_a_booking(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("boka utvecklingssamtal för Nils")
        await anna.say("1")
        await anna.say("ja")
        assert len(await _nils_bookings(bot, anna)) == 1
        undone = await anna.say("ångra")
        assert "inte längre bokat" in undone.text
        assert await _nils_bookings(bot, anna) == []

        await anna.say("boka utvecklingssamtal för Nils")
        await anna.say("3")
        await anna.say("ja")
        asked = await anna.say("avboka samtalet")
        assert "Avboka utvecklingssamtalet om Nils måndag 7 december 16:00–16:30" in asked.text
        await anna.say("ja")
        assert await _nils_bookings(bot, anna) == []
        nothing = await anna.say("avboka samtalet")
        assert "inget utvecklingssamtal bokat" in nothing.text


async def test_a_child_with_a_booking_is_shown_the_booking_not_new_times(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("boka utvecklingssamtal för Nils")
        await anna.say("1")
        await anna.say("ja")
        said = await anna.say("boka utvecklingssamtal för Nils")
        assert "Nils har ett bokat utvecklingssamtal" in said.text
        assert "Lediga tider" not in said.text


async def test_several_children_are_asked_which_one(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("boka utvecklingssamtal")
        assert "Vilket barn gäller samtalet?" in said.text
        assert set(said.choices) == {"Nils", "Elsa"}
        elsa = await anna.press("Elsa")
        assert "Avdelning Solrosen" in elsa.text


async def test_a_student_gets_a_clear_answer_and_the_hub_is_not_asked(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        nils = await bot.chat("nils")
        sandbox = bot.app.sandbox
        assert sandbox is not None
        before = sandbox.reads("/home/meeting")
        said = await nils.say("boka utvecklingssamtal")
        assert "bokas av en vårdnadshavare" in said.text
        assert "Hubben" not in said.text  # no Hub error passed on
        cancel = await nils.say("avboka samtalet")
        assert "bokas av en vårdnadshavare" in cancel.text
        assert sandbox.reads("/home/meeting") == before


async def test_without_confirmations_a_picked_time_is_booked_at_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("bekräftelser av")
        await anna.say("boka utvecklingssamtal för Nils")
        booked = await anna.say("2")
        assert "Bokat" in booked.text
        assert len(await _nils_bookings(bot, anna)) == 1
