"""When the Hub is away, slow, loses an answer, or says no.

Nothing a guardian was told is on its way may be lost, not even across a
restart, and nothing may be sent twice: a write whose answer went missing is
settled by reading the Hub back first.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bot.sandbox.server import SandboxHub
from bot.storage.models import JobState
from bot.testing.conversation import BotHarness

NOW = "2026-11-26T07:30:00+01:00"


def hub(bot: BotHarness) -> SandboxHub:
    assert bot.app.sandbox is not None
    return bot.app.sandbox


def absences(bot: BotHarness) -> list[dict[str, Any]]:
    return hub(bot).state()["absences"]


async def test_hub_down_queues_the_absence_and_files_it_later(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        hub(bot).set_down(True)
        said = await anna.press("Ja")
        assert "svarar inte just nu" in said.text and "sparat" in said.text
        assert absences(bot) == []

        bot.clock.advance(minutes=1)
        await bot.app.tick()  # still down: kept, not dropped
        assert absences(bot) == []
        assert await anna.notices() == []
        (job,) = await bot.app.store.list_jobs(kind="absence.register")
        assert job.state == JobState.PENDING and job.run_at > bot.clock.now()

        hub(bot).set_down(False)
        bot.clock.advance(minutes=5)
        await bot.app.tick()
        assert [(a["child"], a["date"]) for a in absences(bot)] == [("Elsa", "2026-11-26")]
        (notice,) = await anna.notices()
        assert "Klart: Elsa är nu anmäld frånvarande idag" in notice


async def test_a_queued_absence_survives_a_restart(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är sjuk imorgon")
        hub(bot).set_down(True)
        said = await anna.press("Ja")
        assert "sparat" in said.text

    async with BotHarness.started(tmp_path, now="2026-11-26T08:00:00+01:00") as bot:
        anna = await bot.chat("anna", link=False)  # the same chat, still linked
        await bot.app.tick()
        assert [(a["child"], a["date"]) for a in absences(bot)] == [("Nils", "2026-11-27")]
        (notice,) = await anna.notices()
        assert "Nils är nu anmäld frånvarande imorgon" in notice


async def test_rate_limited_write_is_queued_and_sent_after_the_wait(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        hub(bot).fail_next("registerAttendance", 429, retry_after=120)
        said = await anna.press("Ja")
        assert "sparat" in said.text
        await bot.app.tick()
        assert absences(bot) == []
        bot.clock.advance(minutes=3)
        await bot.app.tick()
        assert len(absences(bot)) == 1
        assert any("Klart" in n for n in await anna.notices())


async def test_a_lost_answer_is_read_back_not_sent_twice(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        hub(bot).lose_answer_next("registerAttendance")
        said = await anna.press("Ja")
        assert "Klart: Elsa är anmäld frånvarande idag" in said.text
        assert hub(bot).reads("registerAttendance") == 1
        assert len(absences(bot)) == 1
        await bot.app.tick()
        assert [j for j in await bot.app.store.list_jobs() if j.chat is not None] == []


async def test_an_unknown_outcome_is_checked_before_it_is_tried_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är sjuk idag")
        hub(bot).fail_next("registerAttendance", 500)  # sent, but no telling what happened
        said = await anna.press("Ja")
        assert "inget tydligt svar" in said.text
        assert absences(bot) == []

        await bot.app.tick()
        assert hub(bot).reads("registerAttendance") == 2  # the failed one and one more
        assert len(absences(bot)) == 1
        assert any("Klart" in n for n in await anna.notices())


async def test_the_evening_filing_reads_back_a_lost_answer(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är hemma på tisdag")
        await anna.press("Ja")
        evening = datetime.fromisoformat("2026-11-30T18:00:00+01:00")
        bot.clock.advance(seconds=(evening - bot.clock.now()).total_seconds())
        hub(bot).lose_answer_next("registerAttendance")
        await bot.app.tick()
        assert hub(bot).reads("registerAttendance") == 1
        assert [a["date"] for a in absences(bot)] == ["2026-12-01"]
        assert any("Klart" in n for n in await anna.notices())


async def test_queued_too_long_the_guardian_is_told_it_failed(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        hub(bot).set_down(True)
        await anna.press("Ja")
        for _ in range(40):  # the Hub stays away into the next day
            bot.clock.advance(minutes=30)
            await bot.app.tick()
        (notice,) = await anna.notices()
        assert "hann inte anmäla frånvaron för Elsa" in notice and "skolan" in notice
        assert [j for j in await bot.app.store.list_jobs() if j.chat is not None] == []
        assert absences(bot) == []


async def test_cut_off_passed_between_question_and_answer(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now="2026-11-26T14:55:00+01:00") as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils är sjuk idag")
        assert said.choices == ["Ja", "Nej"]
        bot.clock.advance(minutes=10)  # the school's cut-off is 15:00
        said = await anna.press("Ja")
        assert "för sent" in said.text and "skolan" in said.text
        assert absences(bot) == []
        assert [j for j in await bot.app.store.list_jobs() if j.chat is not None] == []


async def test_cut_off_already_passed_is_said_at_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now="2026-11-26T15:30:00+01:00") as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils är sjuk idag")
        assert "för sent" in said.text and "Skriv direkt till skolan" in said.text
        # What can still be done is offered: a later day, or a message to the school.
        assert said.choices == ["Imorgon i stället", "Skriv till skolan"]
        assert hub(bot).reads("registerAttendance") == 0


async def test_school_closed_is_explained(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        hub(bot).staff("larare").close_day(group="4B", date="2026-11-27", reason="Studiedag")
        await anna.say("Nils är sjuk imorgon")
        said = await anna.press("Ja")
        assert "stängt för Nils imorgon" in said.text
        assert absences(bot) == []
        assert [j for j in await bot.app.store.list_jobs() if j.chat is not None] == []


async def test_absence_typed_while_the_hub_is_down_is_understood_and_queued(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("hjälp")  # the bot has seen the family once
        hub(bot).set_down(True)
        said = await anna.say("Elsa är sjuk idag")
        assert "Elsa" in said.text
        said = await anna.press("Ja")
        assert "sparat" in said.text
        chat = bot.app.member_of(anna.chat, anna.sender_id).chat
        flagged = [e for e in await bot.app.store.list_log(chat) if e.flags]
        assert any("errand_queued" in e.flags for e in flagged)

        hub(bot).set_down(False)
        bot.clock.advance(minutes=5)
        await bot.app.tick()
        assert [(a["child"], a["date"]) for a in absences(bot)] == [("Elsa", "2026-11-26")]
        (notice,) = await anna.notices()
        assert "Elsa" in notice
