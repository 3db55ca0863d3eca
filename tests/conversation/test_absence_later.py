"""Days the Hub does not take yet: filed automatically the evening before, or asked as leave.

Thursday 26 November 2026, 07:30. "på tisdag" is Tuesday 1 December, so the
automatic filing runs Monday 30 November at 18:00, when the Hub calls it
"tomorrow".
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.storage.models import JobState
from bot.testing.conversation import BotHarness, Chat

NOW = "2026-11-26T07:30:00+01:00"
MONDAY_EVENING = datetime.fromisoformat("2026-11-30T18:00:00+01:00")


def state(bot: BotHarness, what: str) -> list[dict[str, Any]]:
    assert bot.app.sandbox is not None
    return bot.app.sandbox.state()[what]


async def move_to(bot: BotHarness, moment: datetime) -> None:
    bot.clock.advance(seconds=(moment - bot.clock.now()).total_seconds())
    await bot.app.tick()


async def confirmations_off(bot: BotHarness, chat: Chat) -> None:
    member = bot.app.member_of(chat.chat, chat.sender_id)
    link = await bot.app.store.get_link(member)
    assert link is not None
    await bot.app.store.set_preferences(
        link.id, dataclasses.replace(link.preferences, confirmations=False)
    )


async def test_a_later_day_is_filed_the_evening_before(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa är hemma på tisdag")
        assert "tisdag 1 december" in said.text
        assert "bara emot frånvaro för idag och imorgon" in said.text
        assert "måndag 30 november kl. 18:00" in said.text
        assert said.choices == ["Ja", "Ledighetsansökan", "Nej"]

        said = await anna.press("Ja")
        assert "automatiskt" in said.text
        jobs = await bot.app.store.list_jobs(kind="absence.register")
        assert [j.run_at for j in jobs] == [MONDAY_EVENING]

        # Before the evening before, nothing reaches the Hub.
        await move_to(bot, datetime.fromisoformat("2026-11-30T17:59:00+01:00"))
        assert state(bot, "absences") == []
        assert await anna.notices() == []

        await move_to(bot, MONDAY_EVENING)
        assert state(bot, "absences") == [
            {
                "child": "Elsa",
                "date": "2026-12-01",
                "span": "full_day",
                "comment": None,
                "reported_by": "anna",
            }
        ]
        (notice,) = await anna.notices()
        assert "Klart: Elsa är nu anmäld frånvarande imorgon" in notice
        done = await bot.app.store.list_jobs(kind="absence.register", states=(JobState.DONE,))
        assert len(done) == 1


async def test_a_later_part_of_day_keeps_its_span(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        lina = await bot.chat("lina")
        said = await lina.say("Saga går hem 13 på tisdag")
        # A leave request is for whole days, so it is not offered for part of one.
        assert said.choices == ["Ja", "Nej"]
        await lina.press("Ja")
        await move_to(bot, MONDAY_EVENING)
        (absence,) = state(bot, "absences")
        assert absence["date"] == "2026-12-01"
        assert absence["span"] == {"from": "13:00", "to": None}


async def test_a_later_day_as_a_leave_request_instead(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är hemma på tisdag")
        said = await anna.press("Ledighetsansökan")
        assert "ledighetsansökan skickad för Elsa" in said.text
        assert state(bot, "leave_requests") == [
            {
                "child": "Elsa",
                "from": "2026-12-01",
                "to": "2026-12-01",
                "status": "pending",
                "reported_by": "anna",
            }
        ]
        assert await bot.app.store.list_jobs(kind="absence.register") == []


async def test_a_week_is_a_leave_request(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils är borta hela nästa vecka")
        assert "ledighetsansökan för Nils" in said.text
        assert "måndag 30 november – fredag 4 december" in said.text
        said = await anna.press("Ja")
        assert "Klart" in said.text
        assert state(bot, "leave_requests") == [
            {
                "child": "Nils",
                "from": "2026-11-30",
                "to": "2026-12-04",
                "status": "pending",
                "reported_by": "anna",
            }
        ]
        assert state(bot, "absences") == []
        assert [j for j in await bot.app.store.list_jobs() if j.chat is not None] == []


async def test_mixed_days_in_one_confirmation(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils är sjuk idag och nästa tisdag")
        assert len([r for r in said.replies if r.choices]) == 1
        assert "idag" in said.text and "tisdag 1 december" in said.text
        said = await anna.press("Ja")
        assert "Klart: Nils är anmäld frånvarande idag" in said.text
        assert "automatiskt" in said.text
        assert [a["date"] for a in state(bot, "absences")] == ["2026-11-26"]

        await move_to(bot, MONDAY_EVENING)
        assert [a["date"] for a in state(bot, "absences")] == ["2026-11-26", "2026-12-01"]
        assert any("Klart" in n for n in await anna.notices())


async def test_confirmations_off_files_later_days_and_offers_leave(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await confirmations_off(bot, anna)
        said = await anna.say("Elsa är hemma på tisdag")
        assert "automatiskt" in said.text
        assert said.choices == ["Ledighetsansökan"]
        assert len(await bot.app.store.list_jobs(kind="absence.register")) == 1

        said = await anna.press("Ledighetsansökan")
        assert "ledighetsansökan skickad" in said.text
        assert await bot.app.store.list_jobs(kind="absence.register") == []
        assert [r["from"] for r in state(bot, "leave_requests")] == ["2026-12-01"]
        await move_to(bot, MONDAY_EVENING)
        assert state(bot, "absences") == []


async def test_a_new_answer_replaces_a_waiting_filing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är hemma på tisdag")
        await anna.press("Ja")
        await anna.say("Elsa kommer 10 på tisdag")
        await anna.press("Ja")
        assert len(await bot.app.store.list_jobs(kind="absence.register")) == 1
        await move_to(bot, MONDAY_EVENING)
        (absence,) = state(bot, "absences")
        assert absence["span"] == {"from": None, "to": "10:00"}
