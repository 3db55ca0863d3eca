"""The evening summary: per child, tomorrow, what to do, and what is new, in one message.

One message per chat, at the time the chat chose. Per child it says what
tomorrow holds (a reported or pending absence, fritids or preschool times or
Ledig, calendar entries, a closed school), what the family should do (missing
schedule times, a talk to book, homework due tomorrow) and what is new (news,
today's invalid absences). Unread messages are counted, never quoted. With
nothing new and nothing tomorrow, there is no message at all.

What the Hub says about a child is read once per evening and shared by every
guardian's summary (`ChildFacts` in the shared reads); what an account was
notified of is read once per account. "New" is keyed: a fact reported in one
summary is not reported again in the next.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from bot.clock import STOCKHOLM
from bot.conversation.shared import SharedReads
from bot.hub.errors import NotAvailableForChild
from bot.hub.interface import HubClient
from bot.hub.models import AbsenceSpan, CalendarEntry, Child, Notification
from bot.i18n import Translator, format_day, format_day_list, format_time, translator
from bot.push.audience import chats_for, handles_child
from bot.push.facts import (
    AbsenceFact,
    absence_fact,
    is_message,
    news_fact,
    notification_key,
)
from bot.push.privacy import pushable, pushable_text
from bot.push.quiet_hours import deliver_at
from bot.storage.models import ChatKey, ChatLink, Role

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from bot.clock import Clock
    from bot.conversation.deps import Deps, HubAccess
    from bot.conversation.shared import Shared
    from bot.storage.base import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

SUMMARY_KIND = "summary"
# Channels where every message costs: a summary goes only with something for tomorrow or to do.
PAID_CHANNELS = frozenset({"sms"})
# Calendar entry types (calendarv2 appData): 1 Händelse, 2 Läxa, 3 Prov, 4 Inlämning, 5 Studiedag/lov.
DUE_TYPES = frozenset({2, 3, 4})
CLOSED_TYPE = 5
# Unread notifications older than this are not "new" in a summary any more.
NEW_WINDOW = timedelta(days=7)
# A round's shared reads are fresh for this long (a round takes minutes at most).
ROUND_TTL = timedelta(minutes=30)
LINK_SLACK = timedelta(minutes=1)
MAX_NEWS_PER_CHILD = 3
# Absence filings another errand keeps as jobs (bot/handlers/absence_jobs.py).
FILING_KINDS = ("absence.register",)


# -- what the Hub says about a child ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    start: time | None
    type_id: int | None


@dataclass(frozen=True, slots=True)
class ChildFacts:
    """One child's evening as the Hub tells it: read once, shared by all its guardians."""

    child_id: str
    name: str
    tomorrow: date
    absent_tomorrow: bool = False
    absence_span: AbsenceSpan | None = None
    # "Pending" or "Approved" when a leave request covers tomorrow.
    leave: str | None = None
    has_times: bool = False
    times: tuple[time, time] | None = None
    day_off: bool = False
    closed: str | None = None
    entries: tuple[Entry, ...] = ()
    due: tuple[Entry, ...] = ()
    missing_times: tuple[date, ...] = ()
    talk_to_book: bool = False
    invalid_today: tuple[AbsenceFact, ...] = ()


async def _optional(read: Awaitable[T]) -> T | None:
    """A module the child does not have is simply not in the summary."""
    try:
        return await read
    except NotAvailableForChild:
        return None


def _day_entries(entries: Sequence[CalendarEntry], day: date) -> list[CalendarEntry]:
    return [
        e for e in entries if e.day == day or (e.day and e.end_date and e.day <= day <= e.end_date)
    ]


async def read_child_facts(hub: HubClient, child: Child, today: date) -> ChildFacts:
    """Everything the summary needs about one child, in as few Hub reads as the Hub allows."""
    tomorrow = today + timedelta(days=1)
    facts: dict[str, Any] = {}
    if child.has("attendance"):
        box = await _optional(hub.attendance(child))
        if box is not None:
            if box.absent_tomorrow and box.absence_tomorrow_date in (None, tomorrow):
                facts["absent_tomorrow"] = True
                facts["absence_span"] = box.absence_tomorrow_span
            for request in box.leave_requests:
                start, end = request.start_date, request.end_date or request.start_date
                if start and end and start <= tomorrow <= end and request.status != "Rejected":
                    facts["leave"] = request.status
            records = box.paged_list.items if box.paged_list else []
            invalid = (absence_fact(child.switch_id, child.first_name, r) for r in records)
            today_s = (f for f in invalid if f is not None and f.day == today)
            facts["invalid_today"] = tuple(sorted(today_s, key=lambda f: f.at or time.min))
    if child.has("timeregistration"):
        week = await _optional(hub.time_registrations(child, tomorrow))
        if week is not None:
            facts["has_times"] = True
            # The Hub's week runs Monday to Sunday; a weekend is closed and no news.
            day = week.day(tomorrow) if tomorrow.weekday() < 5 else None
            if day is not None:
                if day.is_school_closed:
                    facts["closed"] = day.school_closed_reason or ""
                elif day.on_leave:
                    facts["day_off"] = True
                elif day.start and day.end:
                    facts["times"] = (day.start, day.end)
            facts["missing_times"] = tuple(
                d.date for d in week.days if d.date and d.date >= tomorrow and d.times_missing
            )
    if child.has("calendarv2"):
        entries = await _optional(hub.calendar(child, tomorrow, tomorrow)) or []
        shown, due = [], []
        for entry in _day_entries(entries, tomorrow):
            item = Entry(entry.title.strip(), entry.start_time, entry.calendar_entry_type_id)
            if entry.calendar_entry_type_id == CLOSED_TYPE:
                facts.setdefault("closed", entry.title.strip())
            elif entry.calendar_entry_type_id in DUE_TYPES:
                due.append(item)
            else:
                shown.append(item)
        facts["entries"], facts["due"] = tuple(shown), tuple(due)
    if child.has("meeting"):
        slots = await _optional(hub.meeting_slots(child))
        if slots:
            # Only when there is something to book is it worth asking what is booked.
            bookings = await _optional(hub.meeting_bookings(child))
            facts["talk_to_book"] = not bookings
    return ChildFacts(child.switch_id, child.first_name, tomorrow, **facts)


# -- the message -------------------------------------------------------------------------------


@dataclass
class _ChildNews:
    news: list[str] = field(default_factory=list)
    hidden_news: int = 0


@dataclass(frozen=True, slots=True)
class SummaryMessage:
    text: str
    # Every fact this message reports, to be remembered as reported once it is queued.
    keys: tuple[str, ...]
    # Something for tomorrow or something to do (not only news): worth a paid SMS.
    essential: bool = True


def summary_marker(day: date) -> str:
    """The key that says this chat's summary for `day` was queued."""
    return f"{SUMMARY_KIND}:{day.isoformat()}"


def span_text(t: Translator, span: AbsenceSpan | None) -> str:
    if span is None or span.part == "day":
        return t.gettext("the whole day")
    if span.part == "morning":
        return t.gettext("in the morning")
    if span.part == "afternoon":
        return t.gettext("in the afternoon")
    lang = t.lang
    if span.from_time and span.to_time:
        return t.gettext(
            "{start}–{end}",
            start=format_time(span.from_time, lang),
            end=format_time(span.to_time, lang),
        )
    if span.to_time:
        return t.gettext("until {time}", time=format_time(span.to_time, lang))
    assert span.from_time is not None
    return t.gettext("from {time}", time=format_time(span.from_time, lang))


def _entry_text(t: Translator, entry: Entry) -> str:
    title = pushable_text(entry.title) or t.gettext("an entry in the calendar")
    if entry.start:
        return t.gettext("{title} {time}", title=title, time=format_time(entry.start, t.lang))
    return title


def tomorrow_items(t: Translator, facts: ChildFacts, guardian: bool, pending: bool) -> list[str]:
    items: list[str] = []
    if facts.closed is not None:
        reason = pushable_text(facts.closed)
        items.append(
            t.gettext("closed ({reason})", reason=reason) if reason else t.gettext("closed")
        )
    if guardian:
        if facts.absent_tomorrow:
            items.append(
                t.gettext("absence reported ({span})", span=span_text(t, facts.absence_span))
            )
        elif pending:
            items.append(t.gettext("absence waiting to be reported"))
        if facts.leave == "Pending":
            items.append(t.gettext("leave requested, not decided yet"))
        elif facts.leave == "Approved":
            items.append(t.gettext("leave (approved)"))
        away = facts.absent_tomorrow and (
            facts.absence_span is None or facts.absence_span.part == "day"
        )
        if facts.closed is None and not away:
            if facts.day_off:
                items.append(t.gettext("day off (Ledig)"))
            elif facts.times:
                start, end = facts.times
                items.append(
                    t.gettext(
                        "times {start}–{end}",
                        start=format_time(start, t.lang),
                        end=format_time(end, t.lang),
                    )
                )
    items.extend(_entry_text(t, e) for e in facts.entries)
    return items


def todo_items(t: Translator, facts: ChildFacts, guardian: bool) -> list[str]:
    items: list[str] = []
    if guardian and facts.missing_times:
        items.append(
            t.gettext("add times for {days}", days=format_day_list(facts.missing_times, t.lang))
        )
    if guardian and facts.talk_to_book:
        items.append(t.gettext("book a development talk"))
    for entry in facts.due:
        items.append(t.gettext("due tomorrow: {what}", what=_entry_text(t, entry)))
    return items


def invalid_text(t: Translator, fact: AbsenceFact) -> str:
    lesson = pushable_text(fact.lesson)
    clock = format_time(fact.at, t.lang) if fact.at else None
    detail = " ".join(part for part in (lesson, clock) if part)
    what = t.gettext("late arrival today") if fact.late else t.gettext("invalid absence today")
    return f"{what} ({detail})" if detail else what


@dataclass
class _Seen:
    """What a chat's accounts were notified of, sorted into what the summary shows."""

    news: dict[str, _ChildNews] = field(default_factory=dict)
    messages: int = 0
    notices: int = 0
    keys: list[str] = field(default_factory=list)


class EveningSummary:
    """Builds one chat's summary. The same builder answers "sammanfattning" on demand."""

    def __init__(self, store: Store, clock: Clock, hubs: HubAccess, shared: Shared) -> None:
        self.store = store
        self.clock = clock
        self.hubs = hubs
        self.shared = shared
        # One builder per round (or per request): what a child's guardians share lives
        # as long as the round, and is read fresh by the next one.
        self.reads: SharedReads[ChildFacts] = SharedReads(clock, ROUND_TTL)

    async def build(
        self, chat: ChatKey, links: Sequence[ChatLink], now: datetime
    ) -> SummaryMessage | None:
        """The summary for the chat's links, or None when there is nothing to say."""
        today = now.astimezone(STOCKHOLM).date()
        active = sorted(
            (link for link in links if link.active and link.chat == chat), key=lambda x: x.id
        )
        if not active:
            return None
        t = translator(active[0].language)
        shared = self.shared
        children: dict[str, tuple[Child, ChatLink, bool]] = {}
        notifications: list[tuple[ChatLink, Notification]] = []
        for link in active:
            hub = await self.hubs.hub_for(link)
            for child in await shared.children_of(link.hub_account_id, hub):
                if not handles_child(link, child.switch_id):
                    continue
                guardian = link.role == Role.GUARDIAN
                known = children.get(child.switch_id)
                if known is None or (guardian and not known[2]):
                    children[child.switch_id] = (child, link, guardian)
            for item in await self._notifications(link, hub):
                notifications.append((link, item))
        facts = [
            await self._child_facts(link, child, today) for child, link, _ in children.values()
        ]
        guardian_of = {cid: g for cid, (_, _, g) in children.items()}
        pending = await self._pending_filings(chat, today + timedelta(days=1))
        seen = await self._sort_new(chat, notifications, set(children), now)
        return self._render(t, now, facts, guardian_of, pending, seen)

    async def _child_facts(self, link: ChatLink, child: Child, today: date) -> ChildFacts:
        async def read() -> ChildFacts:
            hub = await self.hubs.hub_for(link)
            return await read_child_facts(hub, child, today)

        return await self.reads.get((child.switch_id, today), read)

    async def _notifications(self, link: ChatLink, hub: HubClient) -> list[Notification]:
        # The account's own, so not shared; and not kept: an account may have hundreds.
        return await hub.notifications()

    async def _pending_filings(self, chat: ChatKey, tomorrow: date) -> set[str]:
        """Children with an absence for tomorrow still waiting in the job queue."""
        found: set[str] = set()
        for kind in FILING_KINDS:
            for job in await self.store.list_jobs(chat=chat, kind=kind):
                payload = job.payload
                try:
                    start = date.fromisoformat(str(payload.get("start")))
                    end = date.fromisoformat(str(payload.get("end") or payload.get("start")))
                except ValueError:
                    continue
                if start <= tomorrow <= end and payload.get("child"):
                    found.add(str(payload["child"]))
        return found

    async def _sort_new(
        self,
        chat: ChatKey,
        notifications: Sequence[tuple[ChatLink, Notification]],
        children: set[str],
        now: datetime,
    ) -> _Seen:
        candidates: dict[str, tuple[ChatLink, Notification]] = {}
        for link, item in notifications:
            if item.state != "New" or not pushable(item):
                continue
            if (item.app_type or "").casefold() == "attendance":
                continue  # absences are in the child's lines, from the Hub's own list
            when = item.order_date
            if when is None or when < now - NEW_WINDOW or when < link.created_at - LINK_SLACK:
                continue
            child = item.child_switch_id
            if child is not None and child not in children:
                continue
            candidates.setdefault(str(notification_key(item)), (link, item))
        already = await self.store.reported_in_chat(chat, list(candidates))
        seen = _Seen()
        for key, (_, item) in candidates.items():
            if key in already:
                continue
            seen.keys.append(key)
            if is_message(item):
                seen.messages += 1
                continue
            fact = news_fact(item)
            if fact is None:
                seen.notices += 1
                continue
            bucket = seen.news.setdefault(fact.child_id, _ChildNews())
            title = pushable_text(fact.title)
            if title and len(bucket.news) < MAX_NEWS_PER_CHILD:
                bucket.news.append(title)
            else:
                bucket.hidden_news += 1
        return seen

    def _render(
        self,
        t: Translator,
        now: datetime,
        facts: Sequence[ChildFacts],
        guardian_of: dict[str, bool],
        pending: set[str],
        seen: _Seen,
    ) -> SummaryMessage | None:
        today = now.astimezone(STOCKHOLM).date()
        blocks: list[str] = []
        keys = list(seen.keys)
        anything = False
        essential = False
        for child in facts:
            guardian = guardian_of.get(child.child_id, False)
            lines = [child.name]
            tomorrow = tomorrow_items(t, child, guardian, child.child_id in pending)
            new = self._child_new(t, child, guardian, seen)
            if guardian:
                keys += [str(f.key) for f in child.invalid_today]
            todo = todo_items(t, child, guardian)
            if tomorrow:
                lines.append(t.gettext("Tomorrow: {items}", items=_join(tomorrow)))
            if todo:
                lines.append(t.gettext("To do: {items}", items=_join(todo)))
            if new:
                lines.append(t.gettext("New: {items}", items=_join(new)))
            anything = anything or bool(tomorrow or new)
            essential = essential or bool(tomorrow or todo)
            if len(lines) > 1:
                blocks.append("\n".join(lines))
        footer: list[str] = []
        if seen.messages:
            footer.append(
                t.ngettext(
                    "{n} new unread message in the Hub. Write “meddelanden” to read it.",
                    "{n} new unread messages in the Hub. Write “meddelanden” to read them.",
                    seen.messages,
                )
            )
        if seen.notices:
            footer.append(
                t.ngettext(
                    "{n} other new notification in the Hub.",
                    "{n} other new notifications in the Hub.",
                    seen.notices,
                )
            )
        if not anything and not footer:
            return None
        head = t.gettext(
            "Evening summary for {day}",
            day=format_day(today + timedelta(days=1), t.lang),
        )
        text = "\n\n".join([f"🌙 {head}", *blocks, *footer])
        return SummaryMessage(text, (*keys, summary_marker(today)), essential=essential)

    def _child_new(
        self, t: Translator, child: ChildFacts, guardian: bool, seen: _Seen
    ) -> list[str]:
        items: list[str] = []
        if guardian:
            items.extend(invalid_text(t, f) for f in child.invalid_today)
        bucket = seen.news.get(child.child_id)
        if bucket is not None:
            items.extend(t.gettext("news “{title}”", title=title) for title in bucket.news)
            if bucket.hidden_news:
                items.append(
                    t.ngettext("{n} more news item", "{n} more news items", bucket.hidden_news)
                )
        return items


def _join(items: Sequence[str]) -> str:
    return "; ".join(items)


# -- queueing --------------------------------------------------------------------------------


async def queue_summary(
    deps: Deps,
    chat: ChatKey,
    links: Sequence[ChatLink],
    builder: EveningSummary,
) -> bool:
    """Build and queue the chat's summary for today, once; True when one was queued.

    Queued first, remembered after: a crash in between builds it again and the
    outbox key keeps the first one.
    """
    now = deps.clock.now()
    today = now.astimezone(STOCKHOLM).date()
    store = deps.store
    if await store.reported_in_chat(chat, [summary_marker(today)]):
        return False
    recipients = chats_for(links, guardians_only=False)
    if not recipients:
        return False
    message = await builder.build(chat, links, now)
    if message is not None and chat.channel in PAID_CHANNELS and not message.essential:
        message = None  # news alone waits for a summary with something to do in it
    if message is None:
        await store.record_reported(chat, [summary_marker(today)])
        return False
    link = recipients[0]
    queued = await store.enqueue(
        f"{SUMMARY_KIND}:{chat.channel}:{chat.chat_id}:{today.isoformat()}",
        chat,
        {"kind": SUMMARY_KIND, "text": message.text, "member_id": link.member.member_id},
        not_before=deliver_at(now, link.preferences),
    )
    await store.record_reported(chat, message.keys)
    if queued.created:
        deps.shared.queued()
    return queued.created
