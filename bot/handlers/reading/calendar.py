"""The calendar: what happens, and homework, tests and hand-ins, for the asked days.

Homework lives in the Hub's calendar (types Läxa, Prov, Inlämning), so "vad har
Nils för läxa" is a calendar question narrowed to those types, looking a little
further ahead because a test is often more than a week away.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

from bot.conversation.errand import ErrandContext, Fits, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.reading import choose as reading
from bot.hub.errors import NotAvailableForChild
from bot.hub.models import CalendarEntry, Child
from bot.i18n import N_, format_day, format_day_short, format_time
from bot.nlu import ParseResult
from bot.nlu.topics import schoolwork_asked

EVENT, HOMEWORK, TEST, HAND_IN, CLOSED = 1, 2, 3, 4, 5
SCHOOLWORK = (HOMEWORK, TEST, HAND_IN)
DEFAULT_DAYS = 7
SCHOOLWORK_DAYS = 14

TYPE_NAMES = {
    EVENT: N_("Event"),
    HOMEWORK: N_("Homework"),
    TEST: N_("Test"),
    HAND_IN: N_("Hand-in"),
    CLOSED: N_("Closed day"),
}
# The Hub's own words at the start of a title ("Läxa: glosor") already say the type.
_HUB_TYPE_WORDS = ("läxa", "läsläxa", "prov", "inlämning", "studiedag", "lov", "planeringsdag")


def kinds_asked(text: str) -> tuple[int, ...]:
    """Homework, tests or hand-ins named in the message: all three Hub types when any is."""
    return SCHOOLWORK if schoolwork_asked(text) else ()


def period(today: date, dates: list[date], kinds: tuple[int, ...]) -> tuple[date, date]:
    if dates:
        return min(dates), max(dates)
    days = SCHOOLWORK_DAYS if kinds else DEFAULT_DAYS
    return today, today + timedelta(days=days - 1)


def period_text(ctx: ErrandContext, start: date, end: date, asked: bool) -> str:
    if not asked:
        return ctx._("the coming {n} days", n=(end - start).days + 1)
    if start == end:
        return format_day(start, ctx.lang)
    return f"{format_day_short(start, ctx.lang)} – {format_day_short(end, ctx.lang)}"


def _type_label(ctx: ErrandContext, entry: CalendarEntry) -> str | None:
    name = TYPE_NAMES.get(entry.calendar_entry_type_id or EVENT)
    if name is None or entry.calendar_entry_type_id in (None, EVENT):
        return None
    title = entry.title.casefold()
    if title.startswith(_HUB_TYPE_WORDS) or title.startswith(ctx._(name).casefold()):
        return None
    return ctx._(name)


def _when(
    ctx: ErrandContext,
    entry: CalendarEntry,
    day_format: Callable[[date, str], str] = format_day_short,
) -> str:
    day = entry.day
    text = day_format(day, ctx.lang) if day else ""
    if not entry.is_all_day_event and entry.start_time is not None:
        start = format_time(entry.start_time, ctx.lang)
        if entry.end_time is not None and entry.end_time != entry.start_time:
            text += f" {start}–{format_time(entry.end_time, ctx.lang)}"
        else:
            text += f" {start}"
    return text


def entry_title(ctx: ErrandContext, entry: CalendarEntry) -> str:
    label = _type_label(ctx, entry)
    return f"{label}: {entry.title}" if label else entry.title


async def _entries(
    ctx: ErrandContext, children: list[Child], start: date, end: date, kinds: tuple[int, ...]
) -> list[tuple[CalendarEntry, list[Child]]]:
    found: dict[str, tuple[CalendarEntry, list[Child]]] = {}
    for child in reading.with_app(children, "calendarv2"):
        try:
            entries = await ctx.hub.calendar(child, start, end)
        except NotAvailableForChild:
            continue
        for entry in entries:
            if kinds and entry.calendar_entry_type_id not in kinds:
                continue
            key = str(entry.id)
            if key in found:
                found[key][1].append(child)
            else:
                found[key] = (entry, [child])
    return sorted(
        found.values(), key=lambda pair: (pair[0].day or start, pair[0].start_time or time.min)
    )


class CalendarErrand:
    name = "calendar"
    intents = frozenset({"calendar"})
    private_only = False
    help: tuple[HelpLine, ...] = (
        HelpLine(
            5,
            "calendar",
            N_("• “what homework does {name} have” – homework and tests"),
            Fits.SCHOOL,
            fallback=N_("• “what happens next week” – the calendar"),
        ),
    )

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        kinds = kinds_asked(ctx.text)
        children = await reading.chosen_children(ctx, command.children)
        start, end = period(ctx.today, list(command.dates), kinds)
        view = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "asked": bool(command.dates),
            "children": [c.switch_id for c in children],
            "kinds": list(kinds),
        }
        return await self._list(ctx, view, children)

    async def _list(
        self, ctx: ErrandContext, view: dict[str, Any], children: list[Child], offset: int = 0
    ) -> Outcome:
        start, end = date.fromisoformat(view["start"]), date.fromisoformat(view["end"])
        kinds = tuple(int(k) for k in view.get("kinds", ()))
        found = await _entries(ctx, children, start, end, kinds)
        names = reading.names_text(ctx, [c.first_name for c in children])
        when = period_text(ctx, start, end, bool(view.get("asked")))
        if not found:
            if kinds:
                text = ctx._(
                    "No homework, tests or hand-ins for {names}, {period}.",
                    names=names,
                    period=when,
                )
            else:
                text = ctx._(
                    "Nothing in the calendar for {names}, {period}.", names=names, period=when
                )
            return [Reply(text)]
        several = len(children) > 1
        items = []
        for entry, whose in found:
            line = f"{_when(ctx, entry)}: {entry_title(ctx, entry)}"
            if several:
                line += f" ({reading.names_text(ctx, [c.first_name for c in whose])})"
            items.append(
                reading.Item(
                    line,
                    f"{format_day_short(entry.day, ctx.lang) if entry.day else ''} {entry.title}",
                    {
                        "id": str(entry.id),
                        "child": whose[0].switch_id,
                        "day": (entry.day or start).isoformat(),
                        "view": {**view, "offset": offset},
                    },
                )
            )
        if kinds:
            heading = ctx._(
                "Homework, tests and hand-ins for {names}, {period}:", names=names, period=when
            )
        else:
            heading = ctx._("The calendar for {names}, {period}:", names=names, period=when)
        return [reading.page(ctx, self.name, heading, items, offset=offset, more=view)]

    async def _open(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        day = date.fromisoformat(str(data.get("day")))
        entries = await ctx.hub.calendar(child, day, day) if child else []
        entry = next((e for e in entries if str(e.id) == str(data.get("id"))), None)
        if child is None or entry is None:
            return [Reply(ctx._("That calendar entry is no longer in the Hub."))]
        lines = [entry_title(ctx, entry), _when(ctx, entry, format_day)]
        subjects = ", ".join(s.title for s in entry.subjects if s.title)
        if subjects:
            lines.append(subjects)
        body = entry.description or reading.plain_text(entry.text)
        if body:
            lines += ["", reading.clipped(ctx, body)]
        view = data.get("view")
        if isinstance(view, dict):
            back = Option(ctx._("Back to the list"), reading.MORE, view)
            return [Prompt(self.name, "\n".join(lines), [back], menu=True)]
        return [Reply("\n".join(lines))]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == reading.OPEN:
            return await self._open(ctx, data)
        if action == reading.MORE:
            children = await reading.children_by_id(ctx, data.get("children", []))
            return await self._list(
                ctx, data, children or await ctx.children(), reading.offset_of(data)
            )
        return []
