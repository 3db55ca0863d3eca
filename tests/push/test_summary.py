"""The evening summary, built from the real sandbox Hub and run as a durable job.

Thursday 26 November 2026: tomorrow is a Friday with preschool and fritids times,
an outdoor day at Solrosen and a film afternoon at fritids.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.clock import STOCKHOLM
from bot.hub.models import AbsenceSpan
from bot.push.scheduler import ROUND_KIND, ensure_rounds
from bot.storage.models import ChatKey
from bot.testing.conversation import BotHarness, Chat

THURSDAY = "2026-11-26T09:30:00+01:00"
TOMORROW = date(2026, 11, 27)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness.started(tmp_path, now=THURSDAY) as harness:
        yield harness


async def evening(bot: BotHarness, hour: int = 18, minute: int = 0) -> None:
    """What the runtime does: keep the rounds scheduled, then run what falls due."""
    await ensure_rounds(bot.app.store, bot.app.clock)
    bot.clock.set(bot.clock.now().replace(hour=hour, minute=minute, second=0, microsecond=0))
    await bot.app.tick()


def block(summary: str, child: str) -> str:
    for part in summary.split("\n\n"):
        if part.splitlines()[0] == child:
            return part
    raise AssertionError(f"no block for {child} in:\n{summary}")


async def register_absence_tomorrow(bot: BotHarness, chat: Chat, child_name: str) -> None:
    member = bot.app.member_of(chat.chat, chat.sender_id)
    link = await bot.app.store.get_link(member)
    assert link is not None
    hub = await bot.app.hub_for(link)
    child = next(c for c in await hub.children() if c.first_name == child_name)
    await hub.register_absence(child, TOMORROW, AbsenceSpan.full_day())


async def test_a_family_with_a_preschool_child_and_a_school_child(bot: BotHarness) -> None:
    anna = await bot.chat("anna")
    sandbox = bot.app.sandbox
    assert sandbox is not None
    sandbox.staff("larare").calendar(
        child="Nils", date=TOMORROW.isoformat(), title="Läxa: glosor kapitel 9", type_id=2
    )
    sandbox.staff("larare").news(group="4B", title="Utflykt på tisdag", text="Ta med matsäck.")
    sandbox.staff("pedagog").message(
        child="Elsa", subject="Hämtning", text="Kan ni hämta före tre på fredag?"
    )
    await evening(bot)
    [summary] = await anna.notices()
    assert summary.startswith("🌙 Kvällens sammanfattning inför fredag 27 november")
    elsa = block(summary, "Elsa")
    assert "I morgon: tider 07:30–15:00; Utedag i skogen" in elsa
    assert "Att göra: boka utvecklingssamtal" in elsa
    nils = block(summary, "Nils")
    assert "I morgon: tider 07:15–15:30; Fritids: filmeftermiddag 15:00" in nils
    assert "till i morgon: Läxa: glosor kapitel 9" in nils
    assert "Nytt: nyhet ”Utflykt på tisdag”" in nils
    # Unread messages are counted, never quoted.
    assert "1 nytt oläst meddelande i Hubben" in summary
    assert "Hämtning" not in summary and "hämta före tre" not in summary


async def test_tomorrows_absence_and_a_closed_preschool_show_instead_of_times(
    bot: BotHarness,
) -> None:
    anna = await bot.chat("anna")
    await register_absence_tomorrow(bot, anna, "Nils")
    sandbox = bot.app.sandbox
    assert sandbox is not None
    sandbox.staff("pedagog").close_day(
        group="Solrosen", date=TOMORROW.isoformat(), reason="Planeringsdag"
    )
    await evening(bot)
    [summary] = await anna.notices()
    assert "I morgon: frånvaro anmäld (hela dagen)" in block(summary, "Nils")
    assert "07:15" not in block(summary, "Nils")
    elsa = block(summary, "Elsa")
    assert "stängt (Planeringsdag)" in elsa and "07:30" not in elsa


async def test_one_summary_per_chat_and_reads_shared_by_the_guardians(bot: BotHarness) -> None:
    sandbox = bot.app.sandbox
    assert sandbox is not None
    anna, peter = await bot.chat("anna"), await bot.chat("peter")
    group = await bot.chat("anna", chat_id="familjen", group=True)
    await bot.chat("peter", chat_id="familjen", group=True)
    await anna.notices(), await peter.notices()  # "also linked in another chat"
    before = {path: sandbox.reads(path) for path in ("attendance/appData", "GetTimeRegistrations")}
    await evening(bot)
    assert len(await anna.notices()) == 1 and len(await peter.notices()) == 1
    assert len(await group.notices()) == 1  # two guardians in the group, one message
    # Three chats, two guardians, two children: each child's facts were read once.
    assert sandbox.reads("attendance/appData") - before["attendance/appData"] == 2
    assert sandbox.reads("GetTimeRegistrations") - before["GetTimeRegistrations"] == 2


async def test_what_was_reported_is_not_reported_again(bot: BotHarness) -> None:
    anna = await bot.chat("anna")
    sandbox = bot.app.sandbox
    assert sandbox is not None
    sandbox.staff("larare").news(group="4B", title="Utflykt på tisdag", text="Ta med matsäck.")
    await evening(bot)
    [thursday] = await anna.notices()
    assert "Utflykt på tisdag" in thursday
    bot.clock.advance(days=1)
    await evening(bot)
    # Friday: Saturday holds nothing and nothing new came: no message at all.
    assert await anna.notices() == []


async def test_nothing_new_and_nothing_tomorrow_sends_nothing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now="2026-11-28T10:00:00+01:00") as bot:
        sara = await bot.chat("sara")
        await evening(bot)
        assert await sara.notices() == []
        said = await sara.say("sammanfattning")
        assert "Inget nytt" in said.text


async def test_the_chat_chooses_the_time_or_no_summary(bot: BotHarness) -> None:
    anna, peter = await bot.chat("anna"), await bot.chat("peter")
    said = await anna.say("sammanfattning kl 19.30")
    assert "19:30" in said.text
    said = await peter.say("sammanfattning av")
    assert "ingen kvällssammanfattning" in said.text.lower()
    await evening(bot, 18)
    assert await anna.notices() == []
    await evening(bot, 19, 30)
    [summary] = await anna.notices()
    assert "Elsa" in summary
    await evening(bot, 23)
    assert await peter.notices() == []


async def test_a_summary_time_inside_quiet_hours_waits_for_them_to_end(bot: BotHarness) -> None:
    anna = await bot.chat("anna")
    said = await anna.say("sammanfattning kl 22")
    assert "tysta timmar" in said.text
    await evening(bot, 22)
    assert await anna.notices() == []
    bot.clock.set(datetime(2026, 11, 27, 7, 0, tzinfo=STOCKHOLM))
    [summary] = await anna.notices()
    assert "fredag 27 november" in summary


async def test_summaries_are_rebuilt_from_the_database_at_start(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await ensure_rounds(bot.app.store, bot.app.clock)
        chat = anna.chat
    # A new process: nothing in memory, the clock just before six.
    async with BotHarness.started(tmp_path, now="2026-11-26T17:59:00+01:00") as bot:
        rounds = await bot.app.store.list_jobs(kind=ROUND_KIND)
        assert [j.run_at.astimezone(STOCKHOLM).hour for j in rounds] == [18, 18]
        bot.clock.advance(minutes=1)
        await bot.app.tick()
        member = bot.app.member_of(chat, chat.chat_id)
        [summary] = [r.text for r in await bot.app.drain_notices(member)]
        assert "Elsa" in summary


async def test_a_round_that_comes_hours_late_is_skipped(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await ensure_rounds(bot.app.store, bot.app.clock)
        chat = anna.chat
    async with BotHarness.started(tmp_path, now="2026-11-26T23:30:00+01:00") as bot:
        assert await bot.app.tick() == 1
        # Nothing was queued, not even for the morning: "tomorrow" would be today by then.
        queued = await bot.app.store.list_outbox(ChatKey.of(chat))
        assert [i for i in queued if i.idempotency_key.startswith("summary")] == []
        rounds = await bot.app.store.list_jobs(kind=ROUND_KIND)
        assert [j.run_at.date() for j in rounds] == [date(2026, 11, 27)]


async def test_on_demand_summary_uses_the_same_builder(bot: BotHarness) -> None:
    anna = await bot.chat("anna")
    said = await anna.say("sammanfattning")
    assert "Kvällens sammanfattning" in said.text and "Utedag i skogen" in said.text


async def test_a_students_own_summary_has_no_absence_or_times(bot: BotHarness) -> None:
    nils = await bot.chat("nils")
    said = await nils.say("sammanfattning")
    assert "Fritids: filmeftermiddag 15:00" in said.text
    assert "tider" not in said.text and "utvecklingssamtal" not in said.text


async def test_a_setting_in_a_group_holds_for_the_whole_chat(bot: BotHarness) -> None:
    anna = await bot.chat("anna", chat_id="familjen", group=True)
    await bot.chat("peter", chat_id="familjen", group=True)
    said = await anna.say("tyst 22-06")
    assert "22:00–06:00" in said.text
    links = await bot.app.store.list_links_for_chat(ChatKey.of(anna.chat))
    assert len(links) == 2
    assert {link.preferences.quiet_hours for link in links} == {
        (datetime(2026, 1, 1, 22).time(), datetime(2026, 1, 1, 6).time())
    }
