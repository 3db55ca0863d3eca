"""How long to wait before trying again: doubling, with a ceiling.

Shared by the job queue (which applies it itself) and outbox senders (which
pass the result to `mark_retry`), so both back off alike while the Hub or the
channel is down.
"""

from __future__ import annotations

from datetime import timedelta

BASE = timedelta(seconds=30)
CEILING = timedelta(minutes=30)


def backoff_delay(
    attempts: int, *, base: timedelta = BASE, ceiling: timedelta = CEILING
) -> timedelta:
    """The wait after the `attempts`-th failed try (1 → base, 2 → 2×base, …)."""
    if attempts < 1:
        return timedelta(0)
    # Cap the exponent before multiplying so a long outage cannot overflow.
    factor = 2 ** min(attempts - 1, 32)
    return min(base * factor, ceiling)
