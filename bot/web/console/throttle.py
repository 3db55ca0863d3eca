"""Sign-in that resists guessing: a few tries, then growing waits, per account and per address.

The count lives in the store (hashed keys), so every worker sees the same count
and a restart forgets nothing. An account gets `FREE_TRIES` wrong answers in the
window; after that each further try must wait twice as long as the one before
(1, 2, 4 … minutes, at most an hour). An address gets more tries, since many staff
may sit behind one office network, and is then refused until its window passes.
The check runs before the Hub is asked, so a throttled guess never reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage.base import Throttle

ACCOUNT = "console-account"
ADDRESS = "console-address"
WINDOW = timedelta(minutes=30)
FREE_TRIES = 4
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(hours=1)
ADDRESS_TRIES = 20


@dataclass(frozen=True, slots=True)
class Wait:
    """Refused for now; try again after this long."""

    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def account_wait(failures: list[datetime], now: datetime) -> timedelta:
    """How long the next try must still wait after these failures (zero: it may go)."""
    extra = len(failures) - FREE_TRIES
    if extra < 0:
        return timedelta(0)
    wait = min(FIRST_WAIT * (2**extra), MAX_WAIT)
    return max(timedelta(0), failures[-1] + wait - now)


def address_wait(failures: list[datetime], now: datetime) -> timedelta:
    if len(failures) < ADDRESS_TRIES:
        return timedelta(0)
    # Free again once enough of the window's failures have aged out of it.
    return max(timedelta(0), failures[-ADDRESS_TRIES] + WINDOW - now)


def _account_key(login: str) -> str:
    return login.strip().casefold()


class SignInThrottle:
    def __init__(self, store: Throttle) -> None:
        self.store = store

    async def wait(self, login: str, address: str, now: datetime) -> Wait | None:
        """None when this try may go to the Hub; else how long to wait."""
        by_account = account_wait(
            await self.store.recent_failures(ACCOUNT, _account_key(login), MAX_WAIT + WINDOW), now
        )
        by_address = address_wait(await self.store.recent_failures(ADDRESS, address, WINDOW), now)
        longest = max(by_account, by_address)
        if longest <= timedelta(0):
            return None
        return Wait(int(longest.total_seconds()) + 1)

    async def failed(self, login: str, address: str) -> None:
        await self.store.record_failure(ACCOUNT, _account_key(login))
        await self.store.record_failure(ADDRESS, address)

    async def succeeded(self, login: str) -> None:
        await self.store.clear_failures(ACCOUNT, _account_key(login))
