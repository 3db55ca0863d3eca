from __future__ import annotations

from datetime import timedelta

from bot.storage.backoff import backoff_delay


def test_doubles_from_the_base_up_to_the_ceiling() -> None:
    assert backoff_delay(0) == timedelta(0)
    assert [backoff_delay(n).total_seconds() for n in range(1, 5)] == [30, 60, 120, 240]
    assert backoff_delay(7) == timedelta(minutes=30)
    assert backoff_delay(10_000) == timedelta(minutes=30)


def test_base_and_ceiling_can_be_chosen() -> None:
    assert backoff_delay(3, base=timedelta(seconds=1), ceiling=timedelta(seconds=3)) == timedelta(
        seconds=3
    )
