"""Telegram's flood limits, kept on our side so Telegram rarely has to say 429.

Token buckets: 30 messages a second overall, 1 a second per chat, 20 a minute
per group (a short burst allowed in each, as Telegram tolerates). A RetryAfter
from Telegram pauses only the chat it came for: PTB's AIORateLimiter halts every
chat on one 429, so one busy group would silence every family. Time comes from
an injected monotonic clock and waiting from an injected sleep, so tests move
time by hand and never sleep.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

OVERALL_PER_SECOND = 30.0
CHAT_PER_SECOND = 1.0
GROUP_PER_MINUTE = 20.0
# One reply may be a few messages (a split text, an edit and a new question).
CHAT_BURST = 3.0
GROUP_BURST = 3.0
# Buckets of quiet chats are dropped beyond this many, so memory stays bounded.
MAX_TRACKED_CHATS = 10_000


class TokenBucket:
    """`rate` tokens a second, at most `capacity` saved up; one token per message."""

    __slots__ = ("_stamp", "_tokens", "capacity", "rate")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a bucket needs a positive rate and room for one token")
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._stamp = now

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0: now)."""
        self._refill(now)
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1

    def full(self, now: float) -> bool:
        self._refill(now)
        return self._tokens >= self.capacity


@dataclass(frozen=True, slots=True)
class Limits:
    overall_per_second: float = OVERALL_PER_SECOND
    chat_per_second: float = CHAT_PER_SECOND
    group_per_minute: float = GROUP_PER_MINUTE
    chat_burst: float = CHAT_BURST
    group_burst: float = GROUP_BURST


def is_group_chat(chat_id: int) -> bool:
    """Telegram gives groups and supergroups negative ids, people positive ones."""
    return chat_id < 0


class SendLimiter:
    """Decides when a message to a chat may go; shared by replies and the outbox."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self._monotonic = monotonic
        self._sleep = sleep
        now = monotonic()
        self._overall = TokenBucket(
            self.limits.overall_per_second, self.limits.overall_per_second, now
        )
        self._chats: dict[int, TokenBucket] = {}
        self._groups: dict[int, TokenBucket] = {}
        self._paused_until: dict[int, float] = {}

    def now(self) -> float:
        return self._monotonic()

    def _buckets(self, chat_id: int, now: float) -> list[TokenBucket]:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = TokenBucket(
                self.limits.chat_per_second, self.limits.chat_burst, now
            )
        buckets = [self._overall, chat]
        if is_group_chat(chat_id):
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = TokenBucket(
                    self.limits.group_per_minute / 60.0, self.limits.group_burst, now
                )
            buckets.append(group)
        return buckets

    def paused_for(self, chat_id: int) -> float:
        """Seconds this chat still waits after Telegram's RetryAfter (0: not paused)."""
        until = self._paused_until.get(chat_id)
        if until is None:
            return 0.0
        left = until - self._monotonic()
        if left <= 0:
            del self._paused_until[chat_id]
            return 0.0
        return left

    def pause(self, chat_id: int, seconds: float) -> None:
        """Telegram said RetryAfter for this chat: it alone waits; others go on."""
        until = self._monotonic() + max(seconds, 0.0)
        self._paused_until[chat_id] = max(until, self._paused_until.get(chat_id, until))

    def delay(self, chat_id: int) -> float:
        """Seconds until a message to this chat may go, without taking a token."""
        now = self._monotonic()
        waits = [bucket.wait(now) for bucket in self._buckets(chat_id, now)]
        return max([self.paused_for(chat_id), *waits])

    def try_acquire(self, chat_id: int) -> float:
        """Take a token from every bucket if all have one; else the seconds to wait."""
        wait = self.delay(chat_id)
        if wait > 0:
            return wait
        now = self._monotonic()
        for bucket in self._buckets(chat_id, now):
            bucket.take(now)
        self._forget_quiet_chats(now)
        return 0.0

    async def acquire(self, chat_id: int) -> None:
        """Wait (on the injected sleep) until a message to this chat may go."""
        while (wait := self.try_acquire(chat_id)) > 0:
            await self._sleep(wait)

    def _forget_quiet_chats(self, now: float) -> None:
        if len(self._chats) <= MAX_TRACKED_CHATS:
            return
        for chat_id, bucket in list(self._chats.items()):
            group = self._groups.get(chat_id)
            quiet = bucket.full(now) and (group is None or group.full(now))
            if quiet and chat_id not in self._paused_until:
                del self._chats[chat_id]
                self._groups.pop(chat_id, None)
