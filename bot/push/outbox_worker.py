"""Delivers what the outbox holds, through each channel's sender, at the channel's pace.

The row is written before anything is sent (`store.enqueue`); here it is claimed
(in flight), sent, and marked. A crash between the send and the mark leaves the
row in flight, and the next start puts it back: that one message may arrive
twice, none is ever lost. The worker knows no channel; a `ChannelSender` says
what happened and the worker takes the matching path:

- SENT: recorded as delivered.
- RETRY_AFTER: only that chat waits (its row gets a later `next_attempt_at`,
  which also holds back the chat's later messages, so order is kept).
- TRANSIENT: tried again with a growing backoff.
- PERMANENT: dead letter, and the chat's links are marked inactive.
- REJECTED: dead letter for that message only; the chat stays active.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.clock import Clock
from bot.push.delivery import ChannelSender, Delivery, DeliveryStatus
from bot.push.pacing import SendPacer
from bot.storage.backoff import backoff_delay
from bot.storage.base import LinkStore, Outbox, PushLedger
from bot.storage.models import ChatKey, OutboxItem

log = logging.getLogger(__name__)

# A chat that must wait longer than this gives its slot back instead of sitting on it.
PATIENCE_S = 1.0
# A message that failed this often (transient errors, e.g. days of network trouble) is dead.
MAX_ATTEMPTS = 100
DEFAULT_RETRY_AFTER_S = 1.0


class DeliveryStore(Outbox, PushLedger, LinkStore, Protocol):
    """What the worker needs of the store."""


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    dead: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.dead


class OutboxWorker:
    """Delivers the outbox of the channels it has senders for.

    `concurrency` is how many sends may be on their way at once. At Telegram's pace a
    few are plenty; more only widen the spread between when a send was paced and
    when it reaches the server, which is what a server's flood window counts.
    """

    def __init__(
        self,
        store: DeliveryStore,
        senders: Mapping[str, ChannelSender],
        clock: Clock,
        *,
        pacers: Mapping[str, SendPacer] | None = None,
        concurrency: int = 8,
        patience_s: float = PATIENCE_S,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.store = store
        self.senders = dict(senders)
        self.clock = clock
        self.pacers = dict(pacers or {})
        self.concurrency = concurrency
        self.patience_s = patience_s
        self.max_attempts = max_attempts
        self.stats = DeliveryStats()
        self._wake = asyncio.Event()
        self._stopping = False
        # Chats the channel said are gone (blocked, not found), until they are linked again.
        self._gone: set[ChatKey] = set()

    @property
    def channels(self) -> list[str]:
        return sorted(self.senders)

    def wake(self) -> None:
        """Something was queued: look now instead of at the next idle check."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def drain(self) -> int:
        """Deliver everything due now, several chats at once; returns how many were handled.

        Each chat's messages go one after the other (the store hands out a chat's
        next message only once the previous one is marked).
        """
        handled = 0
        running: set[asyncio.Task[None]] = set()
        # Claiming is a write; with many deliveries running, claim for several free slots at once.
        batch = max(1, self.concurrency // 4)
        while True:
            free = self.concurrency - len(running)
            if (free >= batch or not running) and not self._stopping:
                items = await self.store.claim_due_on(self.channels, free, now=self.clock.now())
                running.update(asyncio.create_task(self._deliver(item)) for item in items)
            if not running:
                return handled
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            handled += len(done)
            for task in done:
                if task.exception() is not None:
                    log.error("outbox delivery failed: %r", task.exception())

    async def run_forever(self, idle_s: float = 1.0) -> None:
        """Deliver as things fall due; a `wake()` cuts the idle wait short."""
        while not self._stopping:
            try:
                await self.drain()
            except Exception:
                log.exception("outbox pass failed")
            if self._stopping:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=idle_s)
            self._wake.clear()

    async def _deliver(self, item: OutboxItem) -> None:
        sender = self.senders[item.chat.channel]
        if item.chat in self._gone:
            if not await self.store.list_links_for_chat(item.chat):
                # The chat is gone: the rest of its queue is dead too, without asking again.
                await self.store.mark_dead(item.id, "chat gone")
                self.stats.dead += 1
                return
            self._gone.discard(item.chat)  # linked again since
        pacer = self.pacers.get(item.chat.channel)
        if pacer is not None:
            wait = pacer.delay(item.chat)
            if wait > self.patience_s:
                # This chat is paused or spaced out: give the slot to a chat that can go.
                await self._retry(item, wait, "paced")
                return
            await pacer.acquire(item.chat)
        try:
            result = await sender.send(item.chat, dict(item.payload))
        except Exception as exc:  # a sender bug must not lose the message
            log.exception("sender for %s raised", item.chat.channel)
            result = Delivery(DeliveryStatus.TRANSIENT, error=type(exc).__name__)
        finally:
            if pacer is not None:
                pacer.done(item.chat)
        await self._settle(item, result, pacer)

    async def _settle(self, item: OutboxItem, result: Delivery, pacer: SendPacer | None) -> None:
        store = self.store
        if result.status == DeliveryStatus.SENT:
            await store.mark_sent(item.id)
            self.stats.sent += 1
        elif result.status == DeliveryStatus.RETRY_AFTER:
            seconds = result.retry_after or DEFAULT_RETRY_AFTER_S
            if pacer is not None:
                pacer.pause(item.chat, seconds)
            await self._retry(item, seconds, result.error or "retry after")
        elif result.status == DeliveryStatus.TRANSIENT and item.attempts < self.max_attempts:
            await self._retry(
                item, backoff_delay(item.attempts).total_seconds(), result.error or "transient"
            )
        else:
            await store.mark_dead(item.id, result.error or result.status.value)
            self.stats.dead += 1
            if result.status == DeliveryStatus.PERMANENT:
                self._gone.add(item.chat)
                changed = await store.set_chat_active(item.chat, False)
                log.info("chat gone on %s; %d link(s) made inactive", item.chat.channel, changed)

    async def _retry(self, item: OutboxItem, seconds: float, error: str) -> None:
        when = self.clock.now() + timedelta(seconds=seconds)
        await self.store.mark_retry(item.id, when, error)
        self.stats.retried += 1
