"""Quiet hours: what would arrive at night waits for the morning.

Pure functions over the chat's `Preferences`, so the rule is tested without a
clock or a database. The outbox holds a message back with `not_before`; the
message is written now (nothing is lost), only its delivery waits.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.clock import STOCKHOLM
from bot.storage.models import Preferences


def time_is_quiet(local: time, quiet: tuple[time, time] | None) -> bool:
    """Whether a local clock time lies in [start, end); the span may wrap midnight."""
    if quiet is None:
        return False
    start, end = quiet
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def in_quiet_hours(moment: datetime, quiet: tuple[time, time] | None) -> bool:
    return time_is_quiet(moment.astimezone(STOCKHOLM).time().replace(tzinfo=None), quiet)


def quiet_end(moment: datetime, quiet: tuple[time, time]) -> datetime:
    """The first moment at or after `moment` (inside the quiet hours) when they end."""
    local = moment.astimezone(STOCKHOLM)
    end_today = datetime.combine(local.date(), quiet[1], STOCKHOLM)
    return end_today if end_today > local else end_today + timedelta(days=1)


def deliver_at(now: datetime, preferences: Preferences, *, urgent: bool = False) -> datetime:
    """When a push may go: now, or when the chat's quiet hours end.

    `urgent` marks an invalid-absence alert: it goes at once if the chat asked for
    alerts at any hour.
    """
    if urgent and preferences.alerts_any_hour:
        return now
    quiet = preferences.quiet_hours
    if quiet is None or not in_quiet_hours(now, quiet):
        return now
    return quiet_end(now, quiet)
