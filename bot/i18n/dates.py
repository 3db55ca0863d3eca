"""Days and times as a guardian reads them, in the chat's language, in Stockholm.

Babel supplies the names; the shapes ("fredag 27 november", "fre 27 nov",
"07:30", "måndag 7 – fredag 11 december") are fixed here so every reply
writes a day the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Literal

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import get_day_names
from babel.lists import format_list

from bot.clock import STOCKHOLM
from bot.i18n.languages import language
from bot.i18n.translator import N_, translator

RANGE_DASH = " – "
# A run of this many days or more is written as a range; shorter runs are listed.
MIN_RANGE = 3

TODAY = N_("today")
TOMORROW = N_("tomorrow")
YESTERDAY = N_("yesterday")


def _local_date(d: date) -> date:
    if isinstance(d, datetime):
        if d.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime or a date")
        return d.astimezone(STOCKHOLM).date()
    return d


def _pattern(d: date, pattern: str, lang: str) -> str:
    return babel_format_date(_local_date(d), pattern, locale=language(lang).date_locale)


def format_day(d: date, lang: str) -> str:
    """ "fredag 27 november" / "Friday 27 November"."""
    return _pattern(d, "EEEE d MMMM", lang)


def format_day_short(d: date, lang: str) -> str:
    """ "fre 27 nov" / "Fri 27 Nov" (CLDR's abbreviation dots dropped)."""
    return _pattern(d, "EEE d MMM", lang).replace(".", "")


def format_time(t: time | datetime, lang: str) -> str:
    """ "07:30": a 24-hour clock in both languages; aware datetimes are shown in Stockholm."""
    if isinstance(t, datetime):
        if t.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime or a time")
        t = t.astimezone(STOCKHOLM).time()
    return babel_format_time(t.replace(tzinfo=None), "HH:mm", locale=language(lang).date_locale)


DayWidth = Literal["wide", "abbreviated", "short", "narrow"]


def weekday_names(lang: str, width: DayWidth = "wide") -> list[str]:
    """Monday first; `width` is babel's "wide" ("måndag") or "abbreviated" ("mån")."""
    names = get_day_names(width, context="format", locale=language(lang).date_locale)
    return [str(names[i]) for i in range(7)]


def weekday_name(day: date | int, lang: str, width: DayWidth = "wide") -> str:
    """The weekday of a date, or of an index with Monday = 0."""
    index = _local_date(day).weekday() if isinstance(day, date) else day
    return weekday_names(lang, width)[index]


def format_relative_day(d: date, today: date, lang: str) -> str:
    """ "idag", "imorgon", "igår", otherwise the full day."""
    day = _local_date(d)
    words = {0: TODAY, 1: TOMORROW, -1: YESTERDAY}
    word = words.get((day - today).days)
    return translator(lang).gettext(word) if word else format_day(day, lang)


def _adjacent(a: date, b: date) -> bool:
    """Only a weekend lies between: a week off reads as one range across Saturday."""
    gap = a + timedelta(days=1)
    while gap < b:
        if gap.weekday() < 5:
            return False
        gap += timedelta(days=1)
    return True


def _runs(days: list[date]) -> list[list[date]]:
    runs: list[list[date]] = []
    for day in days:
        if runs and _adjacent(runs[-1][-1], day):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def format_day_list(dates: Iterable[date], lang: str) -> str:
    """Sorted days with runs collapsed: "måndag 7 – fredag 11 december och tisdag 15 december".

    The month is written once where that cannot mislead: at the start of a
    range in the same month, and between single days of the same month.
    """
    days = sorted({_local_date(d) for d in dates})
    items: list[list[date]] = []
    for run in _runs(days):
        items.extend([run] if len(run) >= MIN_RANGE else [[d] for d in run])

    def same_month(a: date, b: date) -> bool:
        return (a.year, a.month) == (b.year, b.month)

    parts: list[str] = []
    for i, item in enumerate(items):
        first, last = item[0], item[-1]
        if len(item) > 1:
            start = _pattern(first, "EEEE d", lang) if same_month(first, last) else None
            parts.append((start or format_day(first, lang)) + RANGE_DASH + format_day(last, lang))
            continue
        following = items[i + 1] if i + 1 < len(items) else None
        if following is not None and len(following) == 1 and same_month(first, following[0]):
            parts.append(_pattern(first, "EEEE d", lang))
        else:
            parts.append(format_day(first, lang))
    if not parts:
        return ""
    return format_list(parts, locale=language(lang).list_locale)
