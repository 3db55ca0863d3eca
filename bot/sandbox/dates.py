"""How the sandbox writes and reads moments, days and times.

Instants are stored as UTC ISO text so they sort and compare as text; the wire
shows Stockholm local time in the formats the public clients read.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import STOCKHOLM, Clock

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

_DATE_RE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_HHMM_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?\s*$")


def today(clock: Clock) -> date:
    return clock.now().astimezone(STOCKHOLM).date()


def stamp(moment: datetime) -> str:
    """For the database: UTC, fixed width, sortable."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def unstamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def now_stamp(clock: Clock) -> str:
    return stamp(clock.now())


def local(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM)


def local_iso(moment: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SS` in Stockholm time, as the Hub writes datetimes."""
    return local(moment).strftime("%Y-%m-%dT%H:%M:%S")


def order_stamp(moment: datetime) -> str:
    """The notification cursor format `YYYY-MM-DD HH:mm:ss.SSS` (Stockholm)."""
    value = local(moment)
    return value.strftime("%Y-%m-%d %H:%M:%S.") + f"{value.microsecond // 1000:03d}"


def parse_order_stamp(text: str) -> datetime | None:
    """Reads a cursor; a bare date or an ISO datetime is taken too."""
    raw = text.strip().replace("/", "-")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=STOCKHOLM)
    return moment


def long_date(day: date) -> str:
    """ "fredag 27 november 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def parse_day(value: object) -> date | None:
    """`YYYY-MM-DD`, `YYYY/MM/DD`, or the date part of a datetime."""
    if value is None:
        return None
    match = _DATE_RE.match(str(value))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_hhmm(value: object) -> time | None:
    if value is None:
        return None
    text = str(value)
    if "T" in text:
        text = text.split("T", 1)[1]
    elif " " in text.strip():
        text = text.strip().split(" ", 1)[1]
    match = _HHMM_RE.match(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def at(day: date, hour_minute: str) -> datetime:
    """A Stockholm moment on `day` at "HH:MM"."""
    hour, minute = (int(part) for part in hour_minute.split(":"))
    return datetime.combine(day, time(hour, minute), STOCKHOLM)
