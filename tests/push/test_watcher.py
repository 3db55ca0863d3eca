"""The watcher against the real sandbox Hub: staff act on the Hub, guardians hear of it.

The clock is the harness's ManualClock; a watcher pass is run by hand after the
clock has moved one interval, so "within one interval" is what is tested.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.push.scheduler import ensure_rounds
from bot.push.watcher import HubWatcher
from bot.sandbox.server import SandboxHub
from bot.storage.models import Language
from bot.testing.conversation import BotHarness, Chat

INTERVAL_S = 3
THURSDAY = "2026-11-26T09:30:00+01:00"
TODAY = date(2026, 11, 26)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness.started(tmp_path, now=THURSDAY, watch_interval_s=INTERVAL_S) as harness:
        yield harness


def hub(bot: BotHarness) -> SandboxHub:
    assert bot.app.sandbox is not None
    return bot.app.sandbox


async def one_interval(bot: BotHarness, watcher: HubWatcher) -> None:
    bot.clock.advance(seconds=INTERVAL_S)
    await watcher.run_due()


async def family(bot: BotHarness) -> tuple[Chat, Chat, Chat, HubWatcher]:
    anna, peter, nils = await bot.chat("anna"), await bot.chat("peter"), await bot.chat("nils")
    watcher = HubWatcher(bot.app.deps)
    await watcher.run_due()
    return anna, peter, nils, watcher


async def test_the_first_look_records_what_exists_and_sends_nothing(bot: BotHarness) -> None:
    anna, _, _, watcher = await family(bot)
    # The seeded Hub has news, messages and a late arrival: none of it is new to anyone.
    assert await anna.notices() == []
    await one_interval(bot, watcher)
    assert await anna.notices() == []


async def test_an_invalid_absence_reaches_every_guardian_once_and_no_student(
    bot: BotHarness,
) -> None:
    anna, peter, nils, watcher = await family(bot)
    hub(bot).staff("larare").invalid_absence(
        child="Nils", date=TODAY.isoformat(), lesson="Matematik", time="08:15"
    )
    await one_interval(bot, watcher)
    for guardian in (anna, peter):
        [alert] = await guardian.notices()
        assert "Ogiltig frånvaro" in alert and "Nils" in alert and "idag" in alert
        assert "Matematik" in alert and "08:15" in alert and "Karin Holm" in alert
        # How to answer: report the absence, or write to the school.
        assert "Nils är sjuk idag" in alert and "skriv till läraren" in alert
    assert await nils.notices() == []
    await one_interval(bot, watcher)
    assert await anna.notices() == [] and await peter.notices() == []


async def test_twice_in_a_day_gives_one_push_and_one_summary_line(bot: BotHarness) -> None:
    anna, peter, _, watcher = await family(bot)
    staff = hub(bot).staff("larare")
    staff.invalid_absence(child="Nils", date=TODAY.isoformat(), lesson="Matematik", time="08:15")
    await one_interval(bot, watcher)
    staff.invalid_absence(child="Nils", date=TODAY.isoformat(), kind="late", time="10:05")
    await one_interval(bot, watcher)
    assert len(await anna.notices()) == 1 and len(await peter.notices()) == 1
    # The evening summary tells the rest, on one line for Nils.
    await ensure_rounds(
        bot.app.store, bot.app.clock
    )  # what the push runtime does every few minutes
    bot.clock.set(bot.clock.now().replace(hour=18, minute=0, second=0))
    await bot.app.tick()
    [summary] = await anna.notices()
    lines = [line for line in summary.splitlines() if "frånvaro" in line or "ankomst" in line]
    assert len(lines) == 1, summary
    assert "ogiltig frånvaro idag (Matematik 08:15); sen ankomst idag (10:05)" in lines[0]


async def test_news_to_a_group_reaches_its_guardians_with_the_title_and_can_be_read(
    bot: BotHarness,
) -> None:
    anna, peter, nils, watcher = await family(bot)
    sara = await bot.chat("sara")
    await watcher.run_due()
    hub(bot).staff("larare").news(
        group="4B", title="Utflykt på fredag", text="Vi åker till skogen.\n\nTa med matsäck."
    )
    await one_interval(bot, watcher)
    for guardian in (anna, peter):
        [notice] = await guardian.notices()
        assert "Utflykt på fredag" in notice and "4B" in notice and "läs" in notice
        assert "matsäck" not in notice  # a notice, not the whole text
    assert await sara.notices() == []  # Alva is not in 4B
    assert await nils.notices() == []  # students' chats get no push
    said = await anna.say("läs")
    assert "Utflykt på fredag" in said.text and "Ta med matsäck." in said.text
    # The console counts who opened it from the redacted log's flags.
    chat = bot.app.member_of(anna.chat, anna.sender_id).chat
    [entry, *_] = [e for e in await bot.app.store.list_log(chat) if e.text == "läs"]
    assert any(flag.startswith("news_opened:") for flag in entry.flags)


async def test_a_news_title_about_health_is_not_pushed(bot: BotHarness) -> None:
    anna, _, _, watcher = await family(bot)
    hub(bot).staff("larare").news(group="4B", title="Löss i klassen", text="Kontrollera håret.")
    await one_interval(bot, watcher)
    [notice] = await anna.notices()
    assert "Löss" not in notice and "4B" in notice


async def test_quiet_hours_hold_alerts_until_morning_unless_asked_for_at_any_hour(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(
        tmp_path, now="2026-11-26T22:10:00+01:00", watch_interval_s=INTERVAL_S
    ) as bot:
        anna, peter, _, watcher = await family(bot)
        said = await peter.say("larm dygnet runt")
        assert "dygnet runt" in said.text
        hub(bot).staff("larare").invalid_absence(
            child="Nils", date=TODAY.isoformat(), lesson="Idrott"
        )
        await one_interval(bot, watcher)
        assert len(await peter.notices()) == 1
        assert await anna.notices() == []
        bot.clock.set(bot.clock.now().replace(hour=6, minute=59) + timedelta(days=1))
        assert await anna.notices() == []
        bot.clock.advance(minutes=1)
        [alert] = await anna.notices()
        # Worded for the morning it is read: yesterday's absence, to be taken up with the school.
        assert "Nils" in alert and "igår" in alert and "idag" not in alert
        assert "skriv till läraren" in alert and "sjuk" not in alert


async def test_reads_of_a_child_are_shared_by_its_guardians(bot: BotHarness) -> None:
    sandbox = bot.app.sandbox
    assert sandbox is not None
    await family(bot)
    # Elsa and Nils each once, though two guardian accounts have them.
    assert sandbox.reads("GetAttendanceList") == 2
    # Notifications are the account's own: one read each.
    assert sandbox.reads("GetNotifications") == 2


async def test_a_quiet_hub_is_swept_now_and_then_not_every_interval(bot: BotHarness) -> None:
    sandbox = bot.app.sandbox
    assert sandbox is not None
    _, _, _, watcher = await family(bot)
    before = sandbox.reads("GetAttendanceList")
    for _ in range(3):
        await one_interval(bot, watcher)
    assert sandbox.reads("GetAttendanceList") == before
    # A late arrival registered without the Hub telling anyone is still found by the sweep.
    for _ in range(10):
        await one_interval(bot, watcher)
    assert sandbox.reads("GetAttendanceList") > before


async def test_every_push_speaks_the_chats_language(bot: BotHarness) -> None:
    anna, peter, _, watcher = await family(bot)
    member = bot.app.member_of(peter.chat, peter.sender_id)
    link = await bot.app.store.get_link(member)
    assert link is not None
    await bot.app.store.set_language(link.id, Language("en"))
    staff = hub(bot).staff("larare")
    staff.invalid_absence(child="Nils", date=TODAY.isoformat(), kind="late", time="08:40")
    staff.news(group="4B", title="Utflykt", text="Till skogen.")
    await one_interval(bot, watcher)
    english = " ".join(await peter.notices())
    assert "Late arrival: Nils came late to school today." in english
    assert "News from 4B: “Utflykt”" in english and "Write “läs”" in english
    swedish = " ".join(await anna.notices())
    assert "Sen ankomst" in swedish and "Nyhet från 4B" in swedish


async def test_hub_trouble_backs_off_and_loses_nothing(bot: BotHarness) -> None:
    anna, _, _, watcher = await family(bot)
    sandbox = bot.app.sandbox
    assert sandbox is not None
    sandbox.staff("larare").invalid_absence(child="Nils", date=TODAY.isoformat(), lesson="Bild")
    sandbox.set_down(True)
    bot.clock.advance(seconds=INTERVAL_S)
    failed = await watcher.run_due()
    assert failed.errors == 2 and failed.alerts == 0
    sandbox.set_down(False)
    # Backing off: one interval later the accounts are not read yet...
    await one_interval(bot, watcher)
    assert await anna.notices() == []
    # ...and a little later they are, and the absence registered meanwhile arrives.
    await one_interval(bot, watcher)
    [alert] = await anna.notices()
    assert "Bild" in alert
