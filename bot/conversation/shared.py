"""A read done once per key while fresh, shared by everyone asking at the same time.

Reads from the Hub are the expensive part of the bot. The watcher, the evening
summary and the on-demand summary all need an account's children, and every
guardian of a child needs the same facts about that child, so such reads are
done once and kept for a short while.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from bot.clock import Clock

if TYPE_CHECKING:
    from bot.hub.interface import HubClient
    from bot.hub.models import Child

T = TypeVar("T")

CHILDREN_TTL = timedelta(hours=6)


@dataclass
class _Entry(Generic[T]):
    value: T
    until: datetime


class SharedReads(Generic[T]):
    """A read done once per key while fresh; callers asking at the same time share it."""

    def __init__(self, clock: Clock, ttl: timedelta) -> None:
        self._clock = clock
        self._ttl = ttl
        self._fresh: dict[Hashable, _Entry[T]] = {}
        self._running: dict[Hashable, asyncio.Future[T]] = {}

    async def get(self, key: Hashable, read: Callable[[], Awaitable[T]]) -> T:
        now = self._clock.now()
        entry = self._fresh.get(key)
        if entry is not None and entry.until > now:
            return entry.value
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            value = await read()
        except BaseException as exc:
            future.set_exception(exc)
            # Nobody else may be waiting; the exception is the caller's to handle.
            future.exception()
            raise
        else:
            future.set_result(value)
            self._fresh[key] = _Entry(value, self._clock.now() + self._ttl)
            return value
        finally:
            del self._running[key]

    def forget(self, key: Hashable) -> None:
        self._fresh.pop(key, None)

    def prune(self) -> None:
        """Drop what has gone stale, so the cache does not grow with every day."""
        now = self._clock.now()
        for key in [k for k, e in self._fresh.items() if e.until <= now]:
            del self._fresh[key]


@dataclass
class Shared:
    """What the parts of one running bot share in memory: caches and wake-up calls.

    Nothing here must survive a restart; everything durable lives in the store.
    """

    clock: Clock
    # The account's children, with their Hub modules, read at most every few hours.
    children: SharedReads[list[Child]] = field(init=False)
    # The last children list seen per Hub account (first names, ids, modules only).
    known_children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Called whenever a push was queued (the push runtime wakes its outbox worker).
    on_queued: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.children = SharedReads(self.clock, CHILDREN_TTL)

    def queued(self) -> None:
        for callback in self.on_queued:
            callback()

    async def children_of(self, account: str, hub: HubClient) -> list[Child]:
        return await self.children.get(account, hub.children)
