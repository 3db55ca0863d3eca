"""Every SMS the bot sends goes through here, from the one outbox every channel shares.

Replies to a guardian's SMS and pushes (alerts, summaries, "linked", a staff
member's answer from the console) are all outbox rows; the outbox worker hands
each to `SmsSender.send` at the pace the SMS channel's limits allow, and this
maps the gateway's answer onto the outbox's paths:
- 429: only this number waits (RETRY_AFTER);
- network trouble, a 5xx, our account refused: tried again later (TRANSIENT);
- the gateway says the number is unusable, or the number was forgotten: the
  chat is gone (PERMANENT: its links go inactive);
- this message refused, or a push to a number that texted STOP: REJECTED.
The number is read (decrypted) only here, only to send, and never logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.channels.sms.gateway import ElksGateway, Failure, GatewayError
from bot.channels.sms.gsm import parts
from bot.channels.sms.render import render
from bot.conversation.types import Choice, Reply
from bot.i18n import translator
from bot.push.delivery import Delivery, DeliveryStatus
from bot.storage.base import LinkStore, SmsStore
from bot.storage.models import SMS_CHANNEL, ChatKey

log = logging.getLogger(__name__)

CHANNEL = SMS_CHANNEL
# Outbox payload kinds that answer what the person wrote: sent even after STOP.
REPLY_KIND = "reply"
REPLY_KINDS = frozenset({REPLY_KIND})

Sleep = Callable[[float], Awaitable[None]]


class SmsSenderStore(LinkStore, SmsStore, Protocol):
    """What the sender needs of the store."""


def choices_from_payload(raw: Any) -> tuple[Choice, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        Choice(
            str(item["label"]),
            payload=str(item.get("payload") or ""),
            url=str(item["url"]) if item.get("url") else None,
        )
        for item in raw
        if isinstance(item, dict) and item.get("label")
    )


def choices_to_payload(choices: tuple[Choice, ...]) -> list[dict[str, str]]:
    return [
        {"label": c.label, "url": c.url} if c.url else {"label": c.label, "payload": c.payload}
        for c in choices
    ]


class SmsSender:
    """The SMS channel's `ChannelSender`."""

    channel = CHANNEL

    def __init__(
        self,
        gateway: ElksGateway,
        store: SmsSenderStore,
        *,
        delivery_url: Callable[[], str | None] = lambda: None,
        rate_per_second: float = 5.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.gateway = gateway
        self.store = store
        self._delivery_url = delivery_url
        # One outbox row may be several SMS: they keep the gateway's pace between them too.
        self._spacing_s = 1.0 / rate_per_second if rate_per_second > 0 else 0.0
        self._sleep = sleep
        # How many SMS of a row already went, so a retry after a 429 mid-way sends the rest.
        # In memory: after a crash the whole row goes again (the outbox's at-least-once).
        self._progress: dict[tuple[ChatKey, int], int] = {}

    async def send(self, chat: ChatKey, payload: dict[str, Any]) -> Delivery:
        number = await self.store.get_sms_number(chat.chat_id)
        if number is None:
            # Forgotten ("glöm mig") or never known: nothing can reach this chat.
            return Delivery(DeliveryStatus.PERMANENT, error="no number")
        kind = str(payload.get("kind") or "")
        if number.stopped and kind not in REPLY_KINDS:
            return Delivery(DeliveryStatus.REJECTED, error="stopped")
        member = chat.member(payload.get("member_id") or None)
        link = await self.store.get_link(member)
        t = translator(link.language if link is not None else "sv")
        reply = Reply(
            str(payload.get("text") or ""), choices=choices_from_payload(payload.get("choices"))
        )
        messages = render(t, reply)
        progress = (chat, hash((kind, tuple(messages))))
        done = self._progress.get(progress, 0)
        for index, message in enumerate(messages[done:], start=done):
            if index > done and self._spacing_s:
                await self._sleep(self._spacing_s)
            try:
                sent = await self.gateway.send(
                    number.number, message, whendelivered=self._delivery_url()
                )
            except GatewayError as exc:
                if index:
                    self._progress[progress] = index
                return self._failed(exc)
            await self.store.record_sms_sent(
                sent.id, chat.chat_id, max(sent.parts, parts(message))
            )
        self._progress.pop(progress, None)
        return Delivery(DeliveryStatus.SENT)

    @staticmethod
    def _failed(exc: GatewayError) -> Delivery:
        if exc.failure == Failure.RATE_LIMITED:
            return Delivery(DeliveryStatus.RETRY_AFTER, retry_after=exc.retry_after, error="429")
        if exc.failure == Failure.UNAVAILABLE:
            return Delivery(DeliveryStatus.TRANSIENT, error=exc.detail)
        if exc.failure == Failure.NUMBER:
            return Delivery(DeliveryStatus.PERMANENT, error="number refused")
        log.warning("the SMS gateway refused a message: %s", exc.detail)
        return Delivery(DeliveryStatus.REJECTED, error=exc.detail)
