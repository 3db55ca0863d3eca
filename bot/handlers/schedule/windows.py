"""Several presence windows from one message, made into the days the Hub takes.

The parser reads "mån–tors 7.15–16.15 och fredag 7.15–14" or "fritids 7-8 och
13-17" as days with windows of their own. The Hub keeps one window a day, so a
day with a morning and an afternoon window gets the span from the first drop-off
to the last pick-up, and the windows themselves go to the staff in the day's
comment; the reply says so. An open end ("men onsdag hämtar vi 15") keeps what
the Hub already has for that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.lists import format_list

from bot.conversation.errand import ErrandContext
from bot.handlers.schedule.model import ChildKey, monday_of
from bot.handlers.schedule.request import MAX_COMMENT, Request, Window
from bot.hub.models import DayTimes, TimeRegistrationWeek
from bot.i18n import format_day_list, format_time, translator

# Staff read the Hub in Swedish, whatever the chat's language.
_STAFF_LANGUAGE = "sv"


@dataclass(frozen=True, slots=True)
class WindowDays:
    """The days to write for one child, and what the reply should say about split days."""

    days: tuple[DayTimes, ...]
    split: tuple[tuple[date, tuple[Window, ...]], ...]  # days whose windows went to the comment
    missing: tuple[date, ...]  # days with an open end the Hub could not fill


def repeated(request: Request, weeks_after: int) -> list[tuple[date, tuple[Window, ...]]]:
    """The windows, and the same again for each following week asked for."""
    return sorted(
        (day + timedelta(weeks=k), spans)
        for day, spans in request.windows
        for k in range(weeks_after + 1)
    )


async def window_days(
    ctx: ErrandContext, key: ChildKey, request: Request, weeks_after: int
) -> WindowDays:
    weeks: dict[date, TimeRegistrationWeek] = {}
    out: list[DayTimes] = []
    split: list[tuple[date, tuple[Window, ...]]] = []
    missing: list[date] = []
    for day, spans in repeated(request, weeks_after):
        if any(a is None or b is None for a, b in spans):
            monday = monday_of(day)
            if monday not in weeks:
                weeks[monday] = await ctx.hub.time_registrations(key.switch_id, monday)
            spans = _filled(spans, weeks[monday], day)
        starts = [a for a, _ in spans if a is not None]
        ends = [b for _, b in spans if b is not None]
        if len(starts) < len(spans) or len(ends) < len(spans) or min(starts) >= max(ends):
            missing.append(day)
            continue
        comment = request.comment
        if len(spans) > 1:
            split.append((day, spans))
            comment = _staff_comment(spans, request.comment)
        out.append(DayTimes(day, min(starts), max(ends), False, comment))
    return WindowDays(tuple(out), tuple(split), tuple(missing))


def _filled(spans: Sequence[Window], week: TimeRegistrationWeek, day: date) -> tuple[Window, ...]:
    hub = week.day(day)
    start = hub.start if hub is not None and not hub.on_leave else None
    end = hub.end if hub is not None and not hub.on_leave else None
    return tuple((a if a is not None else start, b if b is not None else end) for a, b in spans)


def _windows_text(lang: str, spans: Sequence[Window]) -> str:
    parts = [
        f"{format_time(a, lang)}–{format_time(b, lang)}"
        for a, b in spans
        if a is not None and b is not None
    ]
    return format_list(parts, locale="sv_SE" if lang == "sv" else "en_GB")


def _staff_comment(spans: Sequence[Window], comment: str | None) -> str:
    t = translator(_STAFF_LANGUAGE)
    text = t.gettext("Times: {windows}", windows=_windows_text(_STAFF_LANGUAGE, spans))
    return (f"{text}. {comment}" if comment else text)[:MAX_COMMENT]


def split_note(ctx: ErrandContext, split: Sequence[tuple[date, tuple[Window, ...]]]) -> str | None:
    """What the reply says when a day had more than one window."""
    if not split:
        return None
    by_windows: dict[tuple[Window, ...], list[date]] = {}
    for day, spans in split:
        by_windows.setdefault(spans, []).append(day)
    lines = []
    for spans, days in by_windows.items():
        starts = [a for a, _ in spans if a is not None]
        ends = [b for _, b in spans if b is not None]
        lines.append(
            ctx._(
                "The Hub keeps one time span a day: for {days} I set {outer} and write"
                " {windows} in the comment to the staff.",
                days=format_day_list(days, ctx.lang),
                outer=f"{format_time(min(starts), ctx.lang)}–{format_time(max(ends), ctx.lang)}",
                windows=_windows_text(ctx.lang, spans),
            )
        )
    return "\n".join(lines)


def missing_note(ctx: ErrandContext, missing: Sequence[date]) -> str | None:
    if not missing:
        return None
    return ctx._(
        "For {days} I need both when the child arrives and when it is picked up, for example"
        " “7.30-16”.",
        days=format_day_list(list(missing), ctx.lang),
    )
