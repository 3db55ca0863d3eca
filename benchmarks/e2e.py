"""Time a message end to end: fake Bot API → real PTB stack → the bot → the sandbox Hub.

    .venv/bin/python benchmarks/e2e.py [--n 200] [--chats 20]

Each user message is pushed to the fake Telegram server; the clock runs until the
bot's answer is there (sent, or the question's message edited). Four kinds:
"hjälp" (no Hub at all), a read errand ("nyheter": the Hub's news), and a write errand in its two steps
(the question, then "Ja", which writes the absence to the Hub and edits the
question). A bare PTB echo bot on the same fake server, in the same run, is the
floor: what PTB and the HTTP round trips cost without the bot. Messages go to
several linked chats in turn and no faster than 25 a second, so Telegram's limits
(which the bot keeps) never hold one back and only the work itself is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import ContextTypes, MessageHandler, filters  # noqa: E402

from bot.app.browser_login import link_with_password  # noqa: E402
from bot.app.telegram import telegram_channel  # noqa: E402
from bot.app.wiring import start_app  # noqa: E402
from bot.channels.telegram import (  # noqa: E402
    TelegramRateLimiter,
    build_application,
    telegram_pacer,
)
from bot.clock import StartedClock  # noqa: E402
from bot.conversation.types import ChatRef  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.testing import FakeBotApi  # noqa: E402

START = datetime.fromisoformat("2026-11-26T07:30:00+01:00")  # a Thursday morning
MIN_GAP_S = 1 / 25
FIRST_CHAT = 5000
# Every wait Telegram's limits imposed on the bot's sends (none, if the pacing works).
LIMITER_WAITS: list[float] = []


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class Pacer:
    """Keeps sends under Telegram's 30 a second overall, so no limiter wait is timed."""

    def __init__(self) -> None:
        self._last = 0.0

    async def wait(self) -> None:
        gap = self._last + MIN_GAP_S - time.perf_counter()
        if gap > 0:
            await asyncio.sleep(gap)
        self._last = time.perf_counter()


async def timed(action: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await action()
    return (time.perf_counter() - started) * 1000


async def say(fake: FakeBotApi, chat: int, text: str) -> None:
    before = len(fake.transcript(chat))
    fake.push_text(chat, text)
    await fake.wait_for(chat, before + 1, timeout=30)


async def press_first(fake: FakeBotApi, chat: int) -> None:
    question = fake.last(chat)
    label = question.button_labels[0]
    edits = len(question.edits)
    fake.press(chat, label)
    await fake.wait_for(chat, lambda _: len(fake.last(chat).edits) > edits, timeout=30)


async def bench_bot(fake: FakeBotApi, n: int, chats: list[int]) -> dict[str, list[float]]:
    data_dir = Path(tempfile.mkdtemp(prefix="hubbot-bench-"))
    services = await start_app(Settings(data_dir=data_dir, web_port=0), StartedClock(START))

    async def counted_sleep(seconds: float) -> None:
        LIMITER_WAITS.append(seconds)
        await asyncio.sleep(seconds)

    limiter = TelegramRateLimiter(telegram_pacer(sleep=counted_sleep))
    application = build_application(fake.token, fake.base_url, limiter=limiter)
    channel = telegram_channel(services, application)
    await channel.start_polling(poll_timeout=1.0)
    pacer = Pacer()
    results: dict[str, list[float]] = {"help": [], "read": [], "ask": [], "confirm": []}
    try:
        for chat in chats:
            member = services.member_of(channel_chat(chat), str(chat))
            await link_with_password(await services.linking.start(member), "anna", "demo")
        # Warm-up: each chat's first message logs in to the Hub and fills caches.
        for chat in chats:
            await pacer.wait()
            await say(fake, chat, "nyheter")
        for i in range(n):
            chat = chats[i % len(chats)]
            await pacer.wait()
            results["help"].append(await timed(partial(say, fake, chat, "hjälp")))
        for i in range(n):
            chat = chats[i % len(chats)]
            await pacer.wait()
            results["read"].append(await timed(partial(say, fake, chat, "nyheter")))
        for i in range(n):
            chat = chats[i % len(chats)]
            # Report, then take back, so the Hub's state stays the same size.
            text = "Elsa är sjuk imorgon" if i % 2 == 0 else "Elsa kommer ändå imorgon"
            await pacer.wait()
            results["ask"].append(await timed(partial(say, fake, chat, text)))
            await pacer.wait()
            results["confirm"].append(await timed(partial(press_first, fake, chat)))
    finally:
        await channel.stop()
        await services.close()
    return results


def channel_chat(chat: int) -> ChatRef:
    return ChatRef("telegram", str(chat))


async def bench_echo(fake: FakeBotApi, n: int, chats: list[int]) -> list[float]:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None and update.message.text is not None:
            await update.message.reply_text(update.message.text)

    application = fake.application_builder().build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    pacer = Pacer()
    latencies: list[float] = []
    async with fake.polling(application):
        for chat in chats:
            await pacer.wait()
            await say(fake, chat, "hej")
        for i in range(n):
            chat = chats[i % len(chats)]
            await pacer.wait()
            latencies.append(await timed(partial(say, fake, chat, "nyheter")))
    return latencies


async def main(n: int, chat_count: int) -> None:
    logging.basicConfig(level=logging.ERROR)
    bot_chats = [FIRST_CHAT + i for i in range(chat_count)]
    echo_chats = [FIRST_CHAT + 1000 + i for i in range(chat_count)]
    async with FakeBotApi() as fake:
        bot = await bench_bot(fake, n, bot_chats)
        echo = await bench_echo(fake, n, echo_chats)
    floor_median, floor_p99 = statistics.median(echo), percentile(echo, 0.99)
    rows = [
        ("bare PTB echo bot", echo),
        ('help: "hjälp" (no Hub)', bot["help"]),
        ('read: "nyheter" (Hub news)', bot["read"]),
        ('write, ask: "Elsa är sjuk imorgon"', bot["ask"]),
        ('write, "Ja": Hub write + edit', bot["confirm"]),
    ]
    print(
        f"End to end per message, {n} messages each, {chat_count} chats, "
        "fake Bot API on loopback, same run\n"
    )
    print(f"{'':38} {'median ms':>10} {'p99 ms':>9} {'× echo (median / p99)':>24}")
    for name, values in rows:
        median, p99 = statistics.median(values), percentile(values, 0.99)
        ratio = f"{median / floor_median:5.1f} / {p99 / floor_p99:5.1f}"
        print(f"{name:38} {median:10.2f} {p99:9.2f} {ratio:>24}")
    print(f"\nsends the limiter held back: {len(LIMITER_WAITS)} ({sum(LIMITER_WAITS):.2f} s)")
    targets = [("help", 1.5), ("ask", 2.0), ("read", 3.0)]
    print(
        "targets (median × echo): "
        + ", ".join(
            f"{kind} ≤ {limit}× {'met' if statistics.median(bot[kind]) <= limit * floor_median else 'MISSED'}"
            for kind, limit in targets
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="messages per kind")
    parser.add_argument("--chats", type=int, default=40, help="linked chats taking turns")
    options = parser.parse_args()
    asyncio.run(main(options.n, options.chats))
