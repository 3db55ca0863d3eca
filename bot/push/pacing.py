"""Pacing sends so the channel never has to say 429.

Telegram allows 30 messages a second overall, one a second per chat and 20 a
minute per group, and counts them in sliding windows as the requests reach it.
We cannot see when that is, only that it lies between the moment a send starts
and the moment its answer is back. So a send counts against the overall window
from its start until one window after its answer, and a chat's next message
waits its spacing after the previous one's answer: however the network or the
event loop delays a request, the server's window never holds more than ours.
Within that, sends are spaced evenly a little under the rate (`headroom`), never
in bursts. A RetryAfter pauses only the chat it came for.

With several workers, each paces itself this way and a `SharedSlots` budget
(Redis, shared_slots.py) hands out the overall, chat and group slots for the
bot as a whole, so the limits hold for all workers together.

Time comes from an injected monotonic clock and waiting from an injected sleep,
so tests run on virtual time; the shared budget counts on an injected wall clock,
the one timeline every worker on the machines agrees on.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.storage.models import ChatKey

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
IsGroup = Callable[[ChatKey], bool]
Wall = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Slot:
    """One kind of slot a send takes: the next is free `interval` seconds after this one,
    and a send may run up to `allowance` seconds ahead of that (a short burst)."""

    key: str
    interval: float
    allowance: float = 0.0


class SharedSlots(Protocol):
    """A budget of send slots shared by every worker of the bot."""

    async def reserve(self, slots: Sequence[Slot], now: float) -> float:
        """Take the next slot of every kind at once: 0.0 when taken, else the seconds
        until all are free (then nothing is taken)."""
        ...

    async def hold(self, key: str, now: float, seconds: float) -> None:
        """No slot of `key` for `seconds` (a RetryAfter seen by one worker holds for all)."""
        ...


# Chats whose next slot has passed are forgotten beyond this many, so memory stays bounded.
MAX_TRACKED_CHATS = 10_000
# Waits shorter than this are no wait (a clock's rounding must not spin the loop).
EPSILON_S = 1e-6
# The overall limit is kept over every window of this many seconds, as Telegram counts.
WINDOW_S = 1.0
CATCH_UP_SLOTS = 3


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """A channel's flood limits; None: no limit of that kind."""

    overall_per_second: float | None = None
    chat_per_second: float | None = None
    group_per_minute: float | None = None
    # Run this much under each rate.
    headroom: float = 0.03

    def interval(self, per_period: float | None, period: float) -> float:
        if not per_period:
            return 0.0
        return period / (per_period * (1.0 - self.headroom))


TELEGRAM_LIMITS = ChannelLimits(overall_per_second=30, chat_per_second=1, group_per_minute=20)
UNLIMITED = ChannelLimits()


def telegram_is_group(chat: ChatKey) -> bool:
    """Telegram gives groups and supergroups negative ids, people positive ones."""
    return chat.chat_id.startswith("-")


class SendPacer:
    """Hands out send slots: evenly spaced overall, per chat and per group."""

    def __init__(
        self,
        limits: ChannelLimits,
        *,
        is_group: IsGroup = telegram_is_group,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        shared: SharedSlots | None = None,
        wall: Wall = time.time,
    ) -> None:
        self.limits = limits
        self._is_group = is_group
        self._shared = shared
        self._wall = wall
        self._holds: set[asyncio.Task[None]] = set()
        self._monotonic = monotonic
        self._sleep = sleep
        self._overall_interval = limits.interval(limits.overall_per_second, 1.0)
        self._chat_interval = limits.interval(limits.chat_per_second, 1.0)
        self._group_interval = limits.interval(limits.group_per_minute, 60.0)
        self._overall_next = 0.0
        self._chat_next: dict[ChatKey, float] = {}
        self._paused: dict[ChatKey, float] = {}
        self._gate = asyncio.Lock()
        # Sends started and not yet answered, and when answered ones leave the window.
        self._in_flight = 0
        self._leaving: deque[float] = deque()
        per_second = limits.overall_per_second or 0.0
        self._window_capacity = max(1, math.floor(per_second * WINDOW_S * (1.0 - limits.headroom)))

    def _spacing(self, chat: ChatKey) -> float:
        if self._is_group(chat):
            return max(self._chat_interval, self._group_interval)
        return self._chat_interval

    def _allowance(self, chat: ChatKey, burst: int) -> float:
        """How far ahead of its spacing a chat may run: a reply of a few messages goes at
        once in a private chat (as Telegram tolerates); groups keep their spacing."""
        if burst <= 1 or self._is_group(chat):
            return 0.0
        return (burst - 1) * self._chat_interval

    def delay(self, chat: ChatKey, *, burst: int = 1) -> float:
        """Seconds until this chat may send again (its own spacing or a RetryAfter)."""
        now = self._monotonic()
        spaced = self._chat_next.get(chat, 0.0) - self._allowance(chat, burst) - now
        paused = self._paused.get(chat, 0.0) - now
        return max(0.0, spaced, paused)

    def pause(self, chat: ChatKey, seconds: float) -> None:
        """The channel said RetryAfter for this chat: it alone waits; others go on."""
        until = self._monotonic() + max(seconds, 0.0)
        self._paused[chat] = max(until, self._paused.get(chat, 0.0))
        if self._shared is not None and seconds > 0:
            hold = self._shared.hold(self._hold_key(chat), self._wall(), seconds)
            task = asyncio.get_running_loop().create_task(hold)
            self._holds.add(task)
            task.add_done_callback(self._holds.discard)

    def _key(self, chat: ChatKey) -> str:
        return f"{chat.channel}:chat:{chat.chat_id}"

    def _hold_key(self, chat: ChatKey) -> str:
        return f"{chat.channel}:hold:{chat.chat_id}"

    def _shared_slots(self, chat: ChatKey, burst: int) -> list[Slot]:
        slots = [
            Slot(self._key(chat), self._spacing(chat), self._allowance(chat, burst)),
            Slot(self._hold_key(chat), 0.0, 0.0),
        ]
        if self._overall_interval:
            # Evenly spaced, no catching up: no worker sees the others' sends in flight.
            slots.append(Slot(f"{chat.channel}:overall", self._overall_interval, 0.0))
        return slots

    async def _reserve_shared(self, chat: ChatKey, burst: int) -> None:
        """Wait until the bot as a whole has this chat's slot and an overall one."""
        if self._shared is None:
            return
        slots = self._shared_slots(chat, burst)
        while (wait := await self._shared.reserve(slots, self._wall())) > EPSILON_S:
            await self._sleep(wait)

    async def acquire(self, chat: ChatKey, *, burst: int = 1) -> None:
        """Wait for this chat's turn, then for an overall slot, and take both now.

        Overall slots go one at a time, first come first served, and are taken
        when the send really starts: a late wake-up (a busy event loop) cannot
        pile several overdue sends into one burst. Call `done(chat)` once the
        send is answered, whatever the answer. `burst` lets a private chat run a
        few messages ahead of its spacing (the parts of one reply).
        """
        while (wait := self.delay(chat, burst=burst)) > EPSILON_S:
            await self._sleep(wait)
        async with self._gate:
            while (wait := self._overall_wait(self._monotonic())) > EPSILON_S:
                await self._sleep(wait)
            await self._reserve_shared(chat, burst)
            now = self._monotonic()
            if self._overall_interval:
                # At most a few slots of catching up after a stall, never a burst.
                floor = now - self._overall_interval * CATCH_UP_SLOTS
                self._overall_next = max(self._overall_next, floor) + self._overall_interval
                self._in_flight += 1
            spacing = self._spacing(chat)
            if spacing:
                self._chat_next[chat] = max(self._chat_next.get(chat, 0.0), now) + spacing
                self._forget_idle(now)

    def done(self, chat: ChatKey, *, burst: int = 1) -> None:
        """The send that `acquire` let through was answered (sent, refused or failed)."""
        now = self._monotonic()
        if self._overall_interval and self._in_flight > 0:
            self._in_flight -= 1
            self._leaving.append(now + WINDOW_S)
        spacing = self._spacing(chat)
        if spacing and not self._allowance(chat, burst):
            # Spaced from the answer, not the start: the server saw it somewhere between.
            self._chat_next[chat] = max(self._chat_next.get(chat, 0.0), now + spacing)

    def _overall_wait(self, now: float) -> float:
        if not self._overall_interval:
            return 0.0
        while self._leaving and self._leaving[0] <= now:
            self._leaving.popleft()
        window = 0.0
        if self._in_flight + len(self._leaving) >= self._window_capacity:
            # Full: wait for the oldest answered send to leave, or for an answer.
            window = self._leaving[0] - now if self._leaving else self._overall_interval
        return max(self._overall_next - now, window)

    def _forget_idle(self, now: float) -> None:
        if len(self._chat_next) <= MAX_TRACKED_CHATS:
            return
        for chat, ready in list(self._chat_next.items()):
            if ready <= now:
                del self._chat_next[chat]
        for chat, until in list(self._paused.items()):
            if until <= now:
                del self._paused[chat]
