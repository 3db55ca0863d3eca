"""The bot's one Telegram rate limiter: every send paced, a RetryAfter pausing one chat,
and a budget that several workers share through a real Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.channels.telegram import TelegramRateLimiter, build_application, telegram_pacer
from bot.channels.telegram.channel import rate_limiter_of
from bot.channels.telegram.limits import replying
from bot.push.shared_slots import RedisSlots

PRIVATE, OTHER, GROUP = 1001, 1002, -100777
REDIS_URL = "redis://127.0.0.1:6379/0"


class Ticks:
    """One hand-moved timeline, used as monotonic and wall clock alike."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


def limiter(ticks: Ticks, shared: RedisSlots | None = None) -> TelegramRateLimiter:
    pacer = telegram_pacer(shared, monotonic=ticks, sleep=ticks.sleep, wall=ticks)
    return TelegramRateLimiter(pacer)


async def send(lim: TelegramRateLimiter, chat_id: int, endpoint: str = "sendMessage") -> Any:
    async def call() -> dict[str, Any]:
        return {"ok": True}

    return await lim.process_request(call, (), {}, endpoint, {"chat_id": chat_id}, None)


async def test_sends_to_one_chat_are_spaced_a_second_apart(ticks: Ticks) -> None:
    lim = limiter(ticks)
    started = ticks.now
    for _ in range(4):
        assert await send(lim, PRIVATE) == {"ok": True}
    assert ticks.now - started == pytest.approx(3 / 0.97, rel=0.01)


async def test_the_parts_of_one_reply_go_at_once_in_a_private_chat(ticks: Ticks) -> None:
    lim = limiter(ticks)
    with replying():
        for _ in range(3):
            await send(lim, PRIVATE)
    assert ticks.slept == []
    with replying():
        await send(lim, PRIVATE)  # a fourth waits: the chat still averages one a second
    assert ticks.slept
    with replying():
        for _ in range(3):
            await send(lim, GROUP)
    assert ticks.now - 1_000_000.0 > 6  # groups keep their spacing


async def test_chats_side_by_side_do_not_wait_for_each_other(ticks: Ticks) -> None:
    lim = limiter(ticks)
    for chat in range(1, 11):
        await send(lim, chat)
    # Ten chats at 30 a second overall: a third of a second, not ten.
    assert ticks.now - 1_000_000.0 < 0.4


async def test_a_group_gets_twenty_a_minute(ticks: Ticks) -> None:
    lim = limiter(ticks)
    started = ticks.now
    for _ in range(21):
        await send(lim, GROUP)
    assert ticks.now - started >= 60.0


async def test_answers_to_buttons_are_not_paced(ticks: Ticks) -> None:
    lim = limiter(ticks)
    await send(lim, PRIVATE)
    for _ in range(5):
        await send(lim, PRIVATE, endpoint="answerCallbackQuery")
    assert ticks.slept == []


async def test_retry_after_pauses_only_that_chat(ticks: Ticks) -> None:
    lim = limiter(ticks)

    async def refused() -> dict[str, Any]:
        raise RetryAfter(12)

    with pytest.raises(RetryAfter):
        await lim.process_request(refused, (), {}, "sendMessage", {"chat_id": PRIVATE}, None)
    assert lim.delay(PRIVATE) == pytest.approx(12)
    assert lim.delay(OTHER) == 0
    await send(lim, OTHER)
    assert ticks.slept == []
    await send(lim, PRIVATE)
    assert sum(ticks.slept) == pytest.approx(12)


def test_the_application_sends_through_our_limiter() -> None:
    own = TelegramRateLimiter()
    application = build_application("123:abc", "http://127.0.0.1:9/bot", limiter=own)
    assert rate_limiter_of(application) is own


@pytest.fixture
async def slots() -> AsyncIterator[RedisSlots]:
    shared = RedisSlots.from_url(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")
    try:
        await shared.redis.ping()
    except Exception:
        await shared.close()
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (apt-get install redis-server)")
    try:
        yield shared
    finally:
        keys = [key async for key in shared.redis.scan_iter(match=shared.prefix + "*")]
        if keys:
            await shared.redis.delete(*keys)
        await shared.close()


async def test_two_workers_share_one_chats_second(ticks: Ticks, slots: RedisSlots) -> None:
    first, second = limiter(ticks, slots), limiter(ticks, slots)
    await send(first, PRIVATE)
    await send(second, PRIVATE)
    assert ticks.slept and sum(ticks.slept) == pytest.approx(1 / 0.97, rel=0.01)


async def test_two_workers_keep_thirty_a_second_together(ticks: Ticks, slots: RedisSlots) -> None:
    workers = [limiter(ticks, slots), limiter(ticks, slots)]
    stamps: list[float] = []
    for index in range(120):
        await send(workers[index % 2], 5000 + index)
        stamps.append(ticks.now)
    busiest = max(sum(1 for s in stamps if t <= s < t + 1.0) for t in stamps)
    assert busiest <= 30
    # And the budget is used, not wasted: 120 sends in about four seconds.
    assert stamps[-1] - stamps[0] < 4.5


async def test_two_workers_allow_one_reply_burst_between_them(
    ticks: Ticks, slots: RedisSlots
) -> None:
    first, second = limiter(ticks, slots), limiter(ticks, slots)
    with replying():
        await send(first, PRIVATE)
        await send(second, PRIVATE)
        await send(first, PRIVATE)
        # Only the overall spacing (a thirtieth of a second), not the chat's second.
        assert sum(ticks.slept) < 0.1
        await send(second, PRIVATE)
    assert sum(ticks.slept) > 0.9


async def test_a_retry_after_one_worker_saw_holds_for_the_other(
    ticks: Ticks, slots: RedisSlots
) -> None:
    first, second = limiter(ticks, slots), limiter(ticks, slots)

    async def refused() -> dict[str, Any]:
        raise RetryAfter(7)

    with pytest.raises(RetryAfter):
        await first.process_request(refused, (), {}, "sendMessage", {"chat_id": PRIVATE}, None)
    for task in list(first.pacer._holds):
        await task
    started = ticks.now
    await send(second, PRIVATE)
    assert ticks.now - started == pytest.approx(7, abs=0.01)
