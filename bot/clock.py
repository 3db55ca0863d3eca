"""One injectable notion of "now", shared by the bot and the embedded sandbox Hub.

`--now` on the command line starts a clock at a given moment that then runs on,
and tests use a clock they move by hand, so nothing ever sleeps on real time to
reach a moment.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in Europe/Stockholm."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(STOCKHOLM)


class StartedClock:
    """Starts at `start` and runs on with the real monotonic clock."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must carry a UTC offset")
        self._start = start.astimezone(STOCKHOLM)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


class ManualClock:
    """A clock that only moves when told to: tests advance it explicitly."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must carry a UTC offset")
        self._now = start.astimezone(STOCKHOLM)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now = self._now + (delta if delta is not None else timedelta(**kwargs))
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(STOCKHOLM)


def clock_from_iso(value: str | None) -> Clock:
    """The clock a `--now` option asks for."""
    if not value:
        return SystemClock()
    return StartedClock(datetime.fromisoformat(value))


def today(clock: Clock) -> date:
    return clock.now().astimezone(STOCKHOLM).date()


def utc_now(clock: Clock) -> datetime:
    return clock.now().astimezone(UTC)
