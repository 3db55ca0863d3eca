"""What the push tests share: a small Telegram sender, virtual time, outbox helpers.

`PtbSender` is the least a channel sender can be: one real `telegram.Bot` call
per outbox payload, PTB's errors mapped to the outbox's answers. It stands in
for the Telegram channel's own sender, so the worker is tested against the real
PTB stack and the fake Bot API server without depending on that channel's
rendering. The SIGKILL test runs it in a child process too.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.clock import ManualClock
from bot.push.delivery import ChannelSender, Delivery, DeliveryStatus
from bot.storage.base import Store
from bot.storage.models import ChatKey, DeliveryState

TELEGRAM = "telegram"


def fake_bot(base_url: str, token: str, *, pool: int = 32) -> Bot:
    request = HTTPXRequest(connection_pool_size=pool)
    return Bot(token, base_url=base_url, request=request)


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PtbSender:
    channel = TELEGRAM

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat: ChatKey, payload: dict[str, Any]) -> Delivery:
        try:
            await self.bot.send_message(int(chat.chat_id), str(payload.get("text") or ""))
        except RetryAfter as exc:
            return Delivery(DeliveryStatus.RETRY_AFTER, retry_after=_seconds(exc.retry_after))
        except Forbidden as exc:
            return Delivery(DeliveryStatus.PERMANENT, error=exc.message)
        except BadRequest as exc:  # chat not found, or a message Telegram will never take
            return Delivery(DeliveryStatus.PERMANENT, error=exc.message)
        except (NetworkError, TelegramError) as exc:
            return Delivery(DeliveryStatus.TRANSIENT, error=type(exc).__name__)
        return Delivery(DeliveryStatus.SENT)


class VirtualTime:
    """Monotonic time and sleep on the test's ManualClock, as a discrete-event simulation.

    A sleep ends when it is the earliest one waiting and no send is on its way:
    then the clock jumps to its end. So every request reaches the fake server at
    exactly the moment the pacer gave it, whatever the event loop's order, and
    nothing waits on real time. Wrap a sender with `counting` to mark its sends.
    """

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.in_flight = 0
        self._sleepers: list[tuple[datetime, int]] = []
        self._seq = itertools.count()
        self._changed = asyncio.Event()
        self._inside_send: contextvars.ContextVar[bool] = contextvars.ContextVar(
            "inside_send", default=False
        )

    def monotonic(self) -> float:
        return self.clock.now().timestamp()

    def _moved(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        # Rounded up to the clock's microsecond, so a sleep always gets past its end.
        target = self.clock.now() + timedelta(microseconds=math.ceil(max(seconds, 0.0) * 1e6))
        if self._inside_send.get():
            # A sender's own limiter waiting mid-send: time just runs on.
            self.clock.set(max(target, self.clock.now()))
            await asyncio.sleep(0)
            return
        entry = (target, next(self._seq))
        heapq.heappush(self._sleepers, entry)
        while not (self._sleepers[0] == entry and self.in_flight == 0):
            await self._changed.wait()
        heapq.heappop(self._sleepers)
        if target > self.clock.now():
            self.clock.set(target)
        self._moved()
        # No yield here: the caller's send must start before anyone else moves the clock.

    def counting(self, sender: ChannelSender) -> ChannelSender:
        return _Counted(sender, self)


class _Counted:
    def __init__(self, inner: ChannelSender, time: VirtualTime) -> None:
        self.inner = inner
        self.time = time
        self.channel = inner.channel

    async def send(self, chat: ChatKey, payload: dict[str, Any]) -> Delivery:
        self.time.in_flight += 1
        token = self.time._inside_send.set(True)
        try:
            return await self.inner.send(chat, payload)
        finally:
            self.time._inside_send.reset(token)
            self.time.in_flight -= 1
            self.time._moved()


async def enqueue_numbered(
    store: Store, chats: Sequence[str], per_chat: int, *, prefix: str = "m"
) -> dict[str, list[str]]:
    """`per_chat` numbered pushes to each Telegram chat; returns the texts per chat."""
    texts: dict[str, list[str]] = {}
    for number in range(per_chat):
        for chat_id in chats:
            text = f"{prefix} {chat_id} #{number:04d}"
            await store.enqueue(
                f"{prefix}:{chat_id}:{number}",
                ChatKey(TELEGRAM, chat_id),
                {
                    "kind": "test",
                    "text": text,
                },
            )
            texts.setdefault(chat_id, []).append(text)
    return texts


async def open_rows(store: Store, chats: Sequence[str]) -> int:
    rows = 0
    for chat_id in chats:
        rows += len(
            await store.list_outbox(
                ChatKey(TELEGRAM, chat_id), states=(DeliveryState.PENDING, DeliveryState.IN_FLIGHT)
            )
        )
    return rows


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
