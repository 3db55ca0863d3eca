"""The outbox worker against the fake Bot API server, through the real PTB stack.

Time is the test's ManualClock throughout: the store's retry times, the pacer's
monotonic clock and the fake server's flood windows all read it, and the
pacer's sleeps move it on, so pacing is measured exactly and nothing sleeps.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import STOCKHOLM, ManualClock
from bot.push.outbox_worker import OutboxWorker
from bot.push.pacing import TELEGRAM_LIMITS, ChannelLimits, SendPacer
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import ChatKey, DeliveryState, Language, Role
from bot.testing import FakeBotApi

from .support import TELEGRAM, PtbSender, VirtualTime, enqueue_numbered, fake_bot, open_rows

START = datetime(2026, 11, 26, 12, 0, tzinfo=STOCKHOLM)


@dataclass
class Rig:
    store: Store
    clock: ManualClock
    time: VirtualTime
    fake: FakeBotApi
    sender: PtbSender

    def worker(self, limits: ChannelLimits | None = None, **kw: object) -> OutboxWorker:
        pacers = {}
        if limits is not None:
            pacers[TELEGRAM] = SendPacer(
                limits, monotonic=self.time.monotonic, sleep=self.time.sleep
            )
        return OutboxWorker(
            self.store,
            {TELEGRAM: self.time.counting(self.sender)},
            self.clock,
            pacers=pacers,
            **kw,  # type: ignore[arg-type]
        )

    def received(self, chat_id: str) -> list[str]:
        return [m.text for m in self.fake.transcript(int(chat_id))]


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    clock = ManualClock(START)
    time = VirtualTime(clock)
    store = await open_store(Settings(data_dir=tmp_path, _env_file=None), clock)
    async with FakeBotApi(clock=clock, monotonic=time.monotonic) as fake:
        bot = fake_bot(fake.base_url, fake.token)
        async with bot:
            yield Rig(store, clock, time, fake, PtbSender(bot))
    await store.close()


async def settle(rig: Rig, worker: OutboxWorker, chats: list[str], step_s: float = 0.5) -> int:
    """Drain, let the clock run on, drain again, until nothing is open; returns the rounds."""
    for rounds in range(1, 2000):
        await worker.drain()
        if not await open_rows(rig.store, chats):
            return rounds
        rig.clock.advance(seconds=step_s)
    raise AssertionError("the outbox never emptied")


async def test_every_message_arrives_once_and_in_order(rig: Rig) -> None:
    chats = ["1001", "1002", "1003"]
    texts = await enqueue_numbered(rig.store, chats, 5)
    worker = rig.worker()
    await settle(rig, worker, chats)
    for chat_id in chats:
        assert rig.received(chat_id) == texts[chat_id]
    assert worker.stats.sent == 15 and worker.stats.dead == 0


async def test_retry_after_pauses_only_that_chat(rig: Rig) -> None:
    chats = ["2001", "2002"]
    texts = await enqueue_numbered(rig.store, chats, 3)
    rig.fake.fail_next("sendMessage", 429, retry_after=30, chat_id=2001)
    worker = rig.worker()
    await worker.drain()
    # The other chat went on; the throttled one waits its 30 s, and keeps its order.
    assert rig.received("2002") == texts["2002"]
    assert rig.received("2001") == []
    head = (await rig.store.list_outbox(ChatKey(TELEGRAM, "2001")))[0]
    assert head.state == DeliveryState.PENDING and head.next_attempt_at > rig.clock.now()
    rig.clock.advance(seconds=29)
    await worker.drain()
    assert rig.received("2001") == []
    rig.clock.advance(seconds=1)
    await worker.drain()
    assert rig.received("2001") == texts["2001"]


async def test_a_429_storm_loses_nothing_and_repeats_nothing(rig: Rig) -> None:
    chats = [str(3000 + i) for i in range(8)]
    texts = await enqueue_numbered(rig.store, chats, 6)
    rig.fake.fail_next("sendMessage", 429, retry_after=2, times=60)
    worker = rig.worker()
    await settle(rig, worker, chats)
    assert rig.fake.throttled == 60
    for chat_id in chats:
        assert rig.received(chat_id) == texts[chat_id]
    assert sum(rig.fake.received_per_chat().values()) == 48


async def test_a_chat_that_blocked_the_bot_is_dead_lettered_and_its_link_inactive(
    rig: Rig,
) -> None:
    blocked, fine = ChatKey(TELEGRAM, "4001"), ChatKey(TELEGRAM, "4002")
    for chat in (blocked, fine):
        await rig.store.upsert_link(
            chat.member(),
            hub_account_id=f"u{chat.chat_id}",
            role=Role.GUARDIAN,
            language=Language("sv"),
        )
    texts = await enqueue_numbered(rig.store, ["4001", "4002"], 2)
    rig.fake.block_chat(4001)
    worker = rig.worker()
    await worker.drain()
    assert rig.received("4002") == texts["4002"]
    assert rig.received("4001") == []
    rows = await rig.store.list_outbox(blocked)
    assert rows[0].state == DeliveryState.DEAD and "blocked" in (rows[0].last_error or "")
    assert await rig.store.list_links_for_chat(blocked) == []  # inactive
    assert len(await rig.store.list_links_for_chat(fine)) == 1
    # Only the first message was tried: Telegram was not asked again and again.
    assert rig.fake.count("sendMessage", 4001) == 1


async def test_transient_errors_retry_with_backoff(rig: Rig) -> None:
    texts = await enqueue_numbered(rig.store, ["5001"], 2)
    rig.fake.fail_next("sendMessage", 502, times=2)
    worker = rig.worker()
    await worker.drain()
    assert rig.received("5001") == []
    rig.clock.advance(seconds=30)  # the first backoff
    await worker.drain()
    assert rig.received("5001") == []
    rig.clock.advance(seconds=59)  # the second is twice as long
    await worker.drain()
    assert rig.received("5001") == []
    rig.clock.advance(seconds=1)
    await worker.drain()
    assert rig.received("5001") == texts["5001"]


async def test_paced_to_telegrams_limits_the_server_never_says_429(rig: Rig) -> None:
    rig.fake.rate_limit(per_second_overall=30, per_chat_per_second=1, per_group_per_minute=20)
    people = [str(6000 + i) for i in range(40)]
    group = "-1006001"
    texts = await enqueue_numbered(rig.store, [*people, group], 3)
    worker = rig.worker(TELEGRAM_LIMITS)
    started = rig.clock.now()
    await settle(rig, worker, [*people, group], step_s=0.1)
    elapsed = (rig.clock.now() - started).total_seconds()
    assert rig.fake.throttled == 0
    for chat_id in [*people, group]:
        assert rig.received(chat_id) == texts[chat_id]
    # 123 messages at 30/s take at least 4 s; the group's 3 at 20/min take at least 6 s.
    assert elapsed >= 6.0
    sends = [c.at for c in rig.fake.calls_of("sendMessage", int(group))]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(sends))
    overall = [c.at for c in rig.fake.calls_of("sendMessage")]
    assert max(sum(1 for u in overall if t - 1 < u <= t) for t in overall) <= 30


async def test_the_telegram_channels_sender_behind_the_worker_gets_no_429(rig: Rig) -> None:
    """The production pairing: the worker hands Telegram's sends to the bot's one limiter."""
    from telegram.ext import ExtBot

    from bot.channels.telegram.callback_data import CallbackCodec
    from bot.channels.telegram.limits import TelegramRateLimiter, telegram_pacer
    from bot.channels.telegram.sender import TelegramSender
    from bot.push.runtime import DEFAULT_LIMITS, default_pacers

    rig.fake.rate_limit(per_second_overall=30, per_chat_per_second=1, per_group_per_minute=20)
    chats = [str(7000 + i) for i in range(45)]
    texts = await enqueue_numbered(rig.store, chats, 2)
    limiter = TelegramRateLimiter(
        telegram_pacer(monotonic=rig.time.monotonic, sleep=rig.time.sleep)
    )
    bot = ExtBot(rig.fake.token, base_url=rig.fake.base_url, rate_limiter=limiter)
    await bot.initialize()
    sender = TelegramSender(bot, rig.store, limiter, CallbackCodec(rig.store, rig.clock))
    senders = {TELEGRAM: rig.time.counting(sender)}
    assert default_pacers({TELEGRAM: sender}, DEFAULT_LIMITS) == {}
    worker = OutboxWorker(rig.store, senders, rig.clock)
    try:
        await settle(rig, worker, chats, step_s=0.1)
    finally:
        await bot.shutdown()
    assert rig.fake.throttled == 0
    for chat_id in chats:
        assert rig.received(chat_id) == texts[chat_id]


async def test_a_message_telegram_refuses_is_dead_lettered_but_the_chat_stays_active(
    rig: Rig,
) -> None:
    from bot.channels.telegram.callback_data import CallbackCodec
    from bot.channels.telegram.limits import TelegramRateLimiter, telegram_pacer
    from bot.channels.telegram.sender import TelegramSender

    chat = ChatKey(TELEGRAM, "4101")
    await rig.store.upsert_link(
        chat.member(), hub_account_id="u4101", role=Role.GUARDIAN, language=Language("sv")
    )
    texts = await enqueue_numbered(rig.store, ["4101"], 2)
    rig.fake.fail_next("sendMessage", status=400, retry_after=None, chat_id=4101)
    limiter = TelegramRateLimiter(
        telegram_pacer(monotonic=rig.time.monotonic, sleep=rig.time.sleep)
    )
    sender = TelegramSender(
        rig.sender.bot, rig.store, limiter, CallbackCodec(rig.store, rig.clock)
    )
    worker = OutboxWorker(rig.store, {TELEGRAM: rig.time.counting(sender)}, rig.clock)
    await settle(rig, worker, ["4101"])
    rows = await rig.store.list_outbox(chat)
    assert [r.state for r in rows] == [DeliveryState.DEAD, DeliveryState.SENT]
    assert rig.received("4101") == texts["4101"][1:]
    assert len(await rig.store.list_links_for_chat(chat)) == 1  # still active
