"""What SMS costs: average billed parts per reply, per alert and per evening summary.

    .venv/bin/python benchmarks/sms_cost.py

Realistic conversations run through the real engine against the sandbox Hub
(linked SMS chats of the demo families; a question is answered by its number,
as by SMS), and a simulated school week (Monday to Friday) of Hub events: an
invalid absence and a news item a day, watched by the real watcher, and each
evening's summary built by the real builder with the SMS rule (only sent with
something for tomorrow or to do). Every text is rendered exactly as the SMS
channel sends it (GSM 7-bit, numbered answers, split between sentences) and its
parts counted. Targets: <= 1.3 parts per reply, <= 2 per summary.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.channels.sms.gsm import parts  # noqa: E402
from bot.channels.sms.render import render  # noqa: E402
from bot.channels.sms.sender import choices_from_payload  # noqa: E402
from bot.clock import STOCKHOLM  # noqa: E402
from bot.conversation.types import Reply  # noqa: E402
from bot.i18n import translator  # noqa: E402
from bot.push.summary import PAID_CHANNELS, EveningSummary  # noqa: E402
from bot.push.watcher import HubWatcher  # noqa: E402
from bot.testing.conversation import BotHarness, Chat, Said  # noqa: E402

MONDAY = date(2026, 11, 23)
REPLY_TARGET = 1.3
SUMMARY_TARGET = 2.0

# (login, messages): what guardians text, in order; a question is answered with "1".
DIALOGUES: list[tuple[str, list[str]]] = [
    ("anna", ["Elsa är sjuk idag", "1"]),
    ("anna", ["Nils är sjuk imorgon", "1", "ångra"]),
    ("anna", ["hjälp"]),
    ("anna", ["vad händer idag"]),
    ("anna", ["schema imorgon"]),
    ("anna", ["nyheter"]),
    ("anna", ["meddelanden"]),
    ("anna", ["Elsa slutar 14 idag", "1"]),
    ("anna", ["Nils är hemma på fredag", "1"]),
    ("anna", ["sammanfattning på"]),
    ("anna", ["inställningar"]),
    ("anna", ["vilka läxor har Nils"]),
    ("anna", ["kalender"]),
    ("anna", ["tack!"]),
    ("peter", ["Elsa har feber idag", "1"]),
    ("peter", ["hej"]),
    ("peter", ["utvecklingssamtal"]),
    ("peter", ["frånvaro Nils"]),
]


def sms_parts(t_lang: str, reply: Reply) -> int:
    return sum(parts(message) for message in render(translator(t_lang), reply))


async def _reply_parts(bot: BotHarness) -> list[int]:
    chats: dict[str, Chat] = {}
    counts: list[int] = []
    for login, messages in DIALOGUES:
        if login not in chats:
            chats[login] = await bot.chat(login, channel="sms", chat_id=f"sms-{login}")
        chat = chats[login]
        for text in messages:
            said: Said = await chat.say(text)
            counts.extend(sms_parts("sv", reply) for reply in said.replies)
            await chat.notices()
    return counts


async def _week(bot: BotHarness) -> tuple[list[int], list[int], int]:
    """Alerts and summaries over a school week; and how many evenings sent nothing."""
    anna = await bot.chat("anna", channel="sms", chat_id="sms-week-anna")
    peter = await bot.chat("peter", channel="sms", chat_id="sms-week-peter")
    chats = [anna, peter]
    for chat in chats:
        await chat.say("sammanfattning på")
    watcher = HubWatcher(bot.app.deps)
    await watcher.run_due()
    for chat in chats:
        await chat.notices()
    sandbox = bot.app.sandbox
    assert sandbox is not None
    alerts: list[int] = []
    summaries: list[int] = []
    silent = 0
    for offset in range(5):
        day = MONDAY + timedelta(days=offset)
        bot.clock.set(datetime.combine(day, time(9, 0), STOCKHOLM))
        await watcher.run_due()
        sandbox.staff("larare").invalid_absence(
            child="Nils", date=day.isoformat(), lesson="Matematik", time="08:15"
        )
        bot.clock.advance(seconds=bot.app.settings.watch_interval_s + 1)
        await watcher.run_due()
        for chat in chats:
            alerts.extend(sms_parts("sv", Reply(text)) for text in await chat.notices())
        evening = datetime.combine(day, time(18, 0), STOCKHOLM)
        bot.clock.set(evening)
        builder = EveningSummary(bot.app.store, bot.clock, bot.app.deps.hubs, bot.app.deps.shared)
        for chat in chats:
            member = bot.app.member_of(chat.chat, chat.sender_id)
            links = await bot.app.store.list_links_for_chat(member.chat)
            message = await builder.build(member.chat, links, evening)
            if message is None or ("sms" in PAID_CHANNELS and not message.essential):
                silent += 1
                continue
            await bot.app.store.record_reported(member.chat, message.keys)
            reply = Reply(message.text, choices=choices_from_payload([]))
            summaries.append(sms_parts("sv", reply))
    return alerts, summaries, silent


def _line(name: str, counts: list[int], target: float | None = None) -> str:
    if not counts:
        return f"{name:<10} n=0"
    mean = statistics.fmean(counts)
    verdict = "" if target is None else ("  ok" if mean <= target else f"  OVER {target}")
    return (
        f"{name:<10} n={len(counts):<4} avg parts {mean:.2f}  max {max(counts)}"
        f"  1-part {sum(1 for c in counts if c == 1) / len(counts):.0%}{verdict}"
    )


async def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        async with BotHarness.started(
            Path(tmp) / "dialogues", now="2026-11-26T07:30:00+01:00", _env_file=None
        ) as bot:
            replies = await _reply_parts(bot)
        async with BotHarness.started(
            Path(tmp) / "week", now="2026-11-23T07:30:00+01:00", _env_file=None
        ) as bot:
            alerts, summaries, silent = await _week(bot)
    print("SMS cost (GSM 7-bit, 160 per SMS, split between sentences)")
    print(_line("reply", replies, REPLY_TARGET))
    print(_line("alert", alerts))
    print(_line("summary", summaries, SUMMARY_TARGET))
    print(f"evenings without a summary (nothing for tomorrow or to do): {silent}")
    ok = (not replies or statistics.fmean(replies) <= REPLY_TARGET) and (
        not summaries or statistics.fmean(summaries) <= SUMMARY_TARGET
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
