"""When the Hub does not answer: the change waits durably, is made later, and the chat is told."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bot.handlers.schedule.model import ChildDays, ChildKey, changes_to_json
from bot.handlers.schedule.write import JOB_KIND
from bot.hub.models import DayTimes
from bot.testing.conversation import BotHarness

THURSDAY = "2026-11-26T07:30:00+01:00"
SAVE = "SaveTimeRegistrations"
READ = "GetTimeRegistrations"


def times(bot: BotHarness, child: str) -> dict[str, dict[str, Any]]:
    assert bot.app.sandbox is not None
    return {
        row["date"]: row
        for row in bot.app.sandbox.state()["time_registrations"]
        if row["child"] == child
    }


async def test_hub_down_at_the_answer_queues_then_done_and_told(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        hub = bot.app.sandbox
        assert hub is not None
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 på måndag")
        hub.set_down(True)
        said = await anna.press("Ja")
        assert "svarar inte" in said.text and "meddelande" in said.text
        assert times(bot, "Elsa") == {}
        bot.clock.advance(minutes=2)
        await bot.app.tick()  # still down: tried, and left for later
        assert await anna.notices() == []
        hub.set_down(False)
        bot.clock.advance(minutes=10)
        assert await bot.app.tick() == 1
        notices = await anna.notices()
        assert len(notices) == 1
        assert "Klart" in notices[0] and "mån 30 nov 08:00–16:00" in notices[0]
        assert times(bot, "Elsa")["2026-11-30"]["from"] == "08:00"
        bot.clock.advance(hours=1)
        assert await bot.app.tick() == 0  # done once, never again


async def test_hub_unreadable_before_the_question_offers_to_queue(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        hub = bot.app.sandbox
        assert hub is not None
        anna = await bot.chat("anna")
        hub.fail_next(READ, 503)
        said = await anna.say("Elsa ledig på måndag")
        assert "svarar inte" in said.text and "• mån 30 nov: Ledig" in said.text
        said = await anna.press("Ja")
        assert "sparat ändringen" in said.text
        bot.clock.advance(minutes=2)
        await bot.app.tick()
        notices = await anna.notices()
        assert notices and "mån 30 nov Ledig" in notices[0]
        assert times(bot, "Elsa")["2026-11-30"]["on_leave"] is True


async def test_a_lost_answer_is_settled_by_reading_back_not_by_sending_again(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        hub = bot.app.sandbox
        assert hub is not None
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 på måndag")
        hub.lose_answer_next(SAVE)
        said = await anna.press("Ja")
        assert "Klart" in said.text and "mån 30 nov 08:00–16:00" in said.text
        assert hub.reads(SAVE) == 1


async def test_an_unknown_outcome_is_read_back_before_it_is_sent_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        hub = bot.app.sandbox
        assert hub is not None
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 på måndag")
        hub.fail_next(SAVE, 500)  # the Hub fails the save: whether it took it cannot be known
        said = await anna.press("Ja")
        assert "kunde inte se om Hubben sparade" in said.text
        assert "aldrig samma ändring två gånger" in said.text
        assert times(bot, "Elsa") == {}
        sent_before = hub.reads(SAVE)
        log_before = len(hub.request_log)
        bot.clock.advance(minutes=2)
        await bot.app.tick()
        job_requests = [path for _, path in hub.request_log[log_before:]]
        first_read = next(i for i, p in enumerate(job_requests) if READ.lower() in p.lower())
        first_save = next(i for i, p in enumerate(job_requests) if SAVE.lower() in p.lower())
        assert first_read < first_save  # read back first; only then the missing day is sent
        assert hub.reads(SAVE) == sent_before + 1
        notices = await anna.notices()
        assert notices and "mån 30 nov 08:00–16:00" in notices[0]
        assert times(bot, "Elsa")["2026-11-30"]["to"] == "16:00"


async def test_a_queued_change_that_already_shows_is_not_sent_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        hub = bot.app.sandbox
        assert hub is not None
        anna = await bot.chat("anna")
        peter = await bot.chat("peter")
        await anna.say("Elsa 8-16 på måndag")
        hub.fail_next(SAVE, 500)
        await anna.press("Ja")
        # Meanwhile the other guardian enters the very same times.
        await peter.say("Elsa 8-16 på måndag")
        await peter.press("Ja")
        saves = hub.reads(SAVE)
        bot.clock.advance(minutes=2)
        await bot.app.tick()
        assert hub.reads(SAVE) == saves
        notices = await anna.notices()
        assert notices and "mån 30 nov 08:00–16:00" in notices[0]


async def test_a_queued_change_that_never_gets_through_is_given_up_and_told(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        hub = bot.app.sandbox
        assert hub is not None
        anna = await bot.chat("anna")
        elsa = ChildKey("3100101", "Elsa")
        member = bot.app.member_of(anna.chat, anna.sender_id)
        await bot.app.store.add_job(
            JOB_KIND,
            {"changes": changes_to_json([ChildDays(elsa, (DayTimes.leave(date(2026, 11, 30)),))])},
            run_at=bot.clock.now(),
            chat=member.chat,
            member_id=member.member_id,
            max_attempts=1,
        )
        hub.set_down(True)
        await bot.app.tick()
        notices = await anna.notices()
        assert len(notices) == 1 and "kunde inte göra den köade schemaändringen" in notices[0]
        assert "Elsa: måndag 30 november" in notices[0]
        hub.set_down(False)
        bot.clock.advance(hours=2)
        assert await bot.app.tick() == 0
        assert times(bot, "Elsa") == {}
