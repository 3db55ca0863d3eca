"""Taking an absence back ("Elsa kommer ändå") and undoing the last change ("ångra").

Whatever stands is what gets cancelled: an absence on the Hub, an automatic
filing still waiting as a job, or a pending leave request.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bot.testing.conversation import BotHarness

NOW = "2026-11-26T07:30:00+01:00"
MONDAY_EVENING = datetime.fromisoformat("2026-11-30T18:00:00+01:00")


def state(bot: BotHarness, what: str) -> list[dict[str, Any]]:
    assert bot.app.sandbox is not None
    return bot.app.sandbox.state()[what]


async def test_cancel_an_absence_on_the_hub(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        await anna.press("Ja")
        assert len(state(bot, "absences")) == 1

        said = await anna.say("Elsa kommer ändå")
        assert "Ta bort frånvaron för Elsa idag" in said.text
        said = await anna.press("Ja")
        assert "Elsa är inte längre anmäld frånvarande idag" in said.text
        assert state(bot, "absences") == []


async def test_cancel_without_a_day_finds_the_waiting_filing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är hemma på tisdag")
        await anna.press("Ja")

        said = await anna.say("Elsa kommer ändå")
        assert "planerade frånvaroanmälan för Elsa tisdag 1 december" in said.text
        said = await anna.press("Ja")
        assert "Borttaget" in said.text
        assert await bot.app.store.list_jobs(kind="absence.register") == []

        bot.clock.advance(seconds=(MONDAY_EVENING - bot.clock.now()).total_seconds())
        await bot.app.tick()
        assert state(bot, "absences") == []
        assert await anna.notices() == []


async def test_cancel_a_pending_leave_request(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är borta hela nästa vecka")
        await anna.press("Ja")
        assert len(state(bot, "leave_requests")) == 1

        said = await anna.say("Nils kommer ändå nästa vecka")
        assert "ledighetsansökan för Nils" in said.text
        said = await anna.press("Ja")
        assert "Borttaget: ledighetsansökan för Nils" in said.text
        assert state(bot, "leave_requests") == []


async def test_cancel_when_nothing_stands(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils kommer ändå imorgon")
        assert "hittar ingen frånvaro för Nils" in said.text
        assert said.choices == []


async def test_undo_within_ten_minutes_removes_the_absence(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är sjuk idag")
        await anna.press("Ja")
        bot.clock.advance(minutes=9)
        said = await anna.say("ångra")
        assert "Ångrat: Nils är inte längre anmäld frånvarande idag" in said.text
        assert state(bot, "absences") == []


async def test_undo_after_ten_minutes_changes_nothing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är sjuk idag")
        await anna.press("Ja")
        bot.clock.advance(minutes=11)
        said = await anna.say("ångra")
        assert "inget att ångra" in said.text
        assert len(state(bot, "absences")) == 1


async def test_undo_restores_what_stood_before(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        lina = await bot.chat("lina")
        await lina.say("Saga kommer 10 imorgon")
        await lina.press("Ja")
        await lina.say("Saga är sjuk imorgon")
        await lina.press("Ja")
        assert state(bot, "absences")[0]["span"] == "full_day"
        said = await lina.say("ångra")
        assert "åter anmäld" in said.text and "till 10:00" in said.text
        assert state(bot, "absences")[0]["span"] == {"from": None, "to": "10:00"}


async def test_undo_a_planned_filing_and_a_leave_request(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är hemma på tisdag")
        await anna.press("Ja")
        said = await anna.say("ångra")
        assert "kommer inte att anmälas" in said.text
        assert await bot.app.store.list_jobs(kind="absence.register") == []

        await anna.say("Nils är borta hela nästa vecka")
        await anna.press("Ja")
        said = await anna.say("ångra")
        assert "ledighetsansökan för Nils" in said.text and "borttagen" in said.text
        assert state(bot, "leave_requests") == []


async def test_undo_a_cancel_reports_the_absence_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        await anna.press("Ja")
        await anna.say("Elsa kommer ändå idag")
        await anna.press("Ja")
        assert state(bot, "absences") == []
        said = await anna.say("ångra")
        assert "Elsa är åter anmäld frånvarande idag" in said.text
        assert [a["date"] for a in state(bot, "absences")] == ["2026-11-26"]


async def test_cancel_without_a_name_takes_the_child_that_has_an_absence(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är sjuk imorgon")
        await anna.press("Ja")
        said = await anna.say("ta bort frånvaron imorgon")
        assert "Ta bort frånvaron för Nils imorgon" in said.text
        await anna.press("Ja")
        assert state(bot, "absences") == []


async def test_cancel_without_a_name_asks_when_both_have_one(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa och Nils är sjuka idag")
        await anna.press("Ja")
        said = await anna.say("ta bort frånvaron idag")
        assert "Vilket barns frånvaro" in said.text
        said = await anna.press("Elsa")
        assert "Ta bort frånvaron för Elsa idag" in said.text
        await anna.press("Ja")
        assert [a["child"] for a in state(bot, "absences")] == ["Nils"]
