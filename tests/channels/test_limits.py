"""Telegram's flood limits on our side: buckets per chat, per group and overall, on hand-moved time."""

from __future__ import annotations

import pytest

from bot.channels.telegram.limits import Limits, SendLimiter, TokenBucket

PRIVATE, OTHER, GROUP = 1001, 1002, -100777


class Ticks:
    def __init__(self) -> None:
        self.now = 50.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


def limiter(ticks: Ticks, **limits: float) -> SendLimiter:
    return SendLimiter(Limits(**limits), monotonic=ticks, sleep=ticks.sleep)


def sends_within(lim: SendLimiter, ticks: Ticks, chat: int, seconds: float, step: float) -> int:
    """How many messages to `chat` may go in `seconds`, trying every `step`."""
    sent = 0
    end = ticks.now + seconds
    while ticks.now < end:
        while lim.try_acquire(chat) == 0:
            sent += 1
        ticks.now += step
    return sent


def test_a_bucket_refills_at_its_rate_up_to_its_capacity(ticks: Ticks) -> None:
    bucket = TokenBucket(rate=2.0, capacity=2, now=ticks.now)
    bucket.take(ticks.now)
    bucket.take(ticks.now)
    assert bucket.wait(ticks.now) == pytest.approx(0.5)
    ticks.now += 10
    assert bucket.full(ticks.now) and bucket.wait(ticks.now) == 0


def test_one_message_a_second_per_chat_after_a_short_burst(ticks: Ticks) -> None:
    lim = limiter(ticks)
    assert [lim.try_acquire(PRIVATE) for _ in range(3)] == [0, 0, 0]
    assert lim.try_acquire(PRIVATE) == pytest.approx(1.0)
    # Over a minute a chat gets about one a second, never more than burst + rate × time.
    assert sends_within(lim, ticks, PRIVATE, 60, 0.1) <= 61
    assert sends_within(lim, ticks, PRIVATE, 60, 0.1) >= 59


def test_twenty_a_minute_in_a_group(ticks: Ticks) -> None:
    lim = limiter(ticks)
    sent = sends_within(lim, ticks, GROUP, 120, 0.5)
    assert 40 <= sent <= 43


def test_thirty_a_second_overall(ticks: Ticks) -> None:
    lim = limiter(ticks)
    chats = range(1, 200)
    first_second = sum(1 for chat in chats if lim.try_acquire(chat) == 0)
    assert first_second == 30
    ticks.now += 1.0
    assert sum(1 for chat in chats if lim.try_acquire(chat) == 0) == 30


def test_retry_after_pauses_only_that_chat(ticks: Ticks) -> None:
    lim = limiter(ticks)
    lim.pause(PRIVATE, 12)
    assert lim.paused_for(PRIVATE) == 12
    assert lim.try_acquire(PRIVATE) == pytest.approx(12)
    assert lim.try_acquire(OTHER) == 0
    assert lim.try_acquire(GROUP) == 0
    ticks.now += 12
    assert lim.paused_for(PRIVATE) == 0
    assert lim.try_acquire(PRIVATE) == 0


def test_a_shorter_retry_after_does_not_shorten_a_longer_pause(ticks: Ticks) -> None:
    lim = limiter(ticks)
    lim.pause(PRIVATE, 30)
    lim.pause(PRIVATE, 2)
    assert lim.paused_for(PRIVATE) == 30


async def test_acquire_waits_on_the_injected_sleep(ticks: Ticks) -> None:
    lim = limiter(ticks, chat_burst=1)
    await lim.acquire(PRIVATE)
    await lim.acquire(PRIVATE)
    assert ticks.slept == [pytest.approx(1.0)]
    lim.pause(PRIVATE, 5)
    await lim.acquire(PRIVATE)
    assert ticks.slept[-1] == pytest.approx(5)


def test_quiet_chats_are_forgotten(ticks: Ticks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.channels.telegram.limits.MAX_TRACKED_CHATS", 10)
    lim = limiter(ticks, overall_per_second=1000)
    for chat in range(1, 30):
        lim.try_acquire(chat)
    lim.pause(7, 100)
    ticks.now += 10
    lim.try_acquire(500)
    assert lim.paused_for(7) > 0
    assert len(lim._chats) <= 3
