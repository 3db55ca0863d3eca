"""The send budget every worker of the bot shares, kept in Redis.

Telegram's limits (30 a second, 1 a second per chat, 20 a minute per group) are
the bot's, not a worker's: two workers that each kept them would send twice as
fast. Each key holds the earliest time its next slot is free (a generic cell
rate algorithm without bursts); one Lua script checks every key a send needs and
takes them all or none, so a chat's slot is never taken while the overall one
is refused. Times are wall-clock seconds passed in by the caller, so tests move
them by hand and workers on NTP-synchronised machines agree on them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis

from bot.push.pacing import Slot

# KEYS: the slots; ARGV[1]: now; ARGV[2i], ARGV[2i+1]: interval and allowance of KEYS[i].
# A slot with interval 0 is only checked (a hold), never taken.
_RESERVE = """
local now = tonumber(ARGV[1])
local wait = 0
local free = {}
for i, key in ipairs(KEYS) do
  free[i] = tonumber(redis.call('GET', key) or '0')
  local early = free[i] - tonumber(ARGV[2 * i + 1]) - now
  if early > wait then wait = early end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i])
  if interval > 0 then
    local next_free = math.max(free[i], now) + interval
    local ttl = math.ceil((next_free - now) * 1000) + 1000
    redis.call('SET', key, tostring(next_free), 'PX', ttl)
  end
end
return '0'
"""

# KEYS[1]: the slot; ARGV[1]: until; ARGV[2]: its lifetime in ms.
_HOLD = """
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ = tonumber(ARGV[1])
if until_ > free then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', tonumber(ARGV[2]))
end
return 1
"""


class RedisSlots:
    """`SharedSlots` in one Redis; `prefix` keeps bots (and tests) apart."""

    def __init__(self, redis: Redis, *, prefix: str = "hubbot:slots:") -> None:
        self.redis = redis
        self.prefix = prefix
        self._reserve: Any = redis.register_script(_RESERVE)
        self._hold: Any = redis.register_script(_HOLD)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "hubbot:slots:") -> RedisSlots:
        return cls(Redis.from_url(url), prefix=prefix)

    async def reserve(self, slots: Sequence[Slot], now: float) -> float:
        if not slots:
            return 0.0
        keys = [self.prefix + slot.key for slot in slots]
        args = [repr(now)]
        for slot in slots:
            args += [repr(slot.interval), repr(slot.allowance)]
        answer = await self._reserve(keys=keys, args=args)
        return float(answer)

    async def hold(self, key: str, now: float, seconds: float) -> None:
        lifetime_ms = math.ceil(seconds * 1000) + 1000
        await self._hold(keys=[self.prefix + key], args=[repr(now + seconds), lifetime_ms])

    async def close(self) -> None:
        await self.redis.aclose()
