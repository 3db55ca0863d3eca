"""Telegram's flood limits, kept on our side so Telegram rarely has to say 429.

One limiter for everything the bot sends to Telegram: a PTB `BaseRateLimiter`
given to the application, so replies, edits and outbox deliveries all pass the
same pacer (30 a second overall, 1 a second per chat, 20 a minute per group).
The pacer may share its budget with other workers (`SharedSlots`), so the limits
hold for the bot as a whole. A RetryAfter from Telegram pauses only the chat it
came for: PTB's own AIORateLimiter halts every chat on one 429, so one busy group
would silence every family.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.push.pacing import TELEGRAM_LIMITS, SendPacer, SharedSlots, telegram_is_group
from bot.storage.models import ChatKey

CHANNEL = "telegram"
# What Telegram counts against a chat's flood limits (a button's answer is not a message).
SENDING_ENDPOINTS = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendDocument",
        "sendPhoto",
        "copyMessage",
        "forwardMessage",
    }
)

Answer = bool | dict[str, Any] | list[dict[str, Any]]

# The parts of one reply (a notice, the answer, a new question) may go at once in a
# private chat, as Telegram tolerates; deliveries from the outbox keep their spacing.
REPLY_BURST = 3
_burst: ContextVar[int] = ContextVar("telegram_burst", default=1)


@contextmanager
def replying() -> Iterator[None]:
    """Sends within this block answer a person who is waiting: allow a short burst."""
    token = _burst.set(REPLY_BURST)
    try:
        yield
    finally:
        _burst.reset(token)


def is_group_chat(chat_id: int) -> bool:
    """Telegram gives groups and supergroups negative ids, people positive ones."""
    return chat_id < 0


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        # PTB 22 warns that the int form will become a timedelta; both are handled.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def telegram_pacer(shared: SharedSlots | None = None, **kwargs: Any) -> SendPacer:
    """The pacer for Telegram's limits; `shared` makes the budget the whole bot's."""
    return SendPacer(TELEGRAM_LIMITS, is_group=telegram_is_group, shared=shared, **kwargs)


class TelegramRateLimiter(BaseRateLimiter[None]):
    """Paces every sending request of the bot through one `SendPacer`."""

    __slots__ = ("pacer",)

    def __init__(self, pacer: SendPacer | None = None) -> None:
        self.pacer = pacer or telegram_pacer()

    async def initialize(self) -> None:
        """Nothing to open: a shared budget's connection belongs to the wiring."""

    async def shutdown(self) -> None:
        """Nothing to close here, see `initialize`."""

    def delay(self, chat_id: int | str) -> float:
        """Seconds until a message to this chat may go (spacing or a RetryAfter)."""
        return self.pacer.delay(ChatKey(CHANNEL, str(chat_id)), burst=_burst.get())

    def pause(self, chat_id: int | str, seconds: float) -> None:
        self.pacer.pause(ChatKey(CHANNEL, str(chat_id)), seconds)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Answer:
        chat_id = data.get("chat_id")
        if endpoint not in SENDING_ENDPOINTS or chat_id is None:
            return await callback(*args, **kwargs)
        chat = ChatKey(CHANNEL, str(chat_id))
        burst = _burst.get()
        await self.pacer.acquire(chat, burst=burst)
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            # Only this chat waits; the caller decides whether to wait or hand it on.
            self.pacer.pause(chat, retry_seconds(exc))
            raise
        finally:
            self.pacer.done(chat, burst=burst)
