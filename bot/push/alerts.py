"""The invalid-absence rule: one alert per child and day, to every guardian, never a student.

The Hub's own SMS rule is the model: the first invalid absence (or late
arrival) of a child's day reaches the guardians at once; further ones that day
wait for the evening summary. The alert says what the school registered, when,
and how to answer: report the absence here, or write to the school. It never
carries the school's comment (it may be about health).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.clock import STOCKHOLM
from bot.i18n import Translator, format_day, format_relative_day, format_time, translator
from bot.push.audience import chats_for, push_key, queue_push
from bot.push.facts import AbsenceFact
from bot.push.privacy import pushable_text
from bot.push.quiet_hours import deliver_at
from bot.storage.models import ChatLink

if TYPE_CHECKING:
    from bot.conversation.deps import Deps

ALERT_KIND = "alert"


def when_text(t: Translator, day: date, today: date) -> str:
    if abs((day - today).days) <= 1:
        return format_relative_day(day, today, t.lang)
    return format_day(day, t.lang)


def alert_text(t: Translator, fact: AbsenceFact, today: date) -> str:
    when = when_text(t, fact.day, today)
    lesson = pushable_text(fact.lesson)
    clock = format_time(fact.at, t.lang) if fact.at else None
    if fact.late:
        head = t.gettext(
            "Late arrival: {name} came late to school {when}.", name=fact.child_name, when=when
        )
        if clock and fact.minutes:
            detail = t.gettext(
                "Arrived {time} ({minutes} min late).", time=clock, minutes=fact.minutes
            )
        elif clock:
            detail = t.gettext("Arrived {time}.", time=clock)
        else:
            detail = ""
    else:
        head = t.gettext(
            "Invalid absence: {name} was registered absent without a reported reason {when}.",
            name=fact.child_name,
            when=when,
        )
        if lesson and clock:
            detail = t.gettext("Lesson: {lesson}, {time}.", lesson=lesson, time=clock)
        elif lesson:
            detail = t.gettext("Lesson: {lesson}.", lesson=lesson)
        elif clock:
            detail = t.gettext("From {time}.", time=clock)
        else:
            detail = t.gettext("The whole day.")
    lines = [f"⚠️ {head}"]
    if detail:
        lines.append(detail)
    if fact.registered_by:
        lines.append(t.gettext("Registered by {teacher}.", teacher=fact.registered_by))
    if today <= fact.day <= today + timedelta(days=1):
        lines.append(
            t.gettext(
                "Was {name} ill or away? Report the absence here, e.g. “{example}”. "
                "If it is wrong, write to the school, e.g. “skriv till läraren”.",
                name=fact.child_name,
                example=t.gettext(
                    "{name} is sick {when}",
                    name=fact.child_name,
                    when=format_relative_day(fact.day, today, t.lang),
                ),
            )
        )
    else:
        lines.append(
            t.gettext(
                "If it is wrong, write to the school, e.g. “skriv till läraren”.",
            )
        )
    return "\n".join(lines)


async def push_absence_alerts(
    deps: Deps,
    facts: Sequence[AbsenceFact],
    guardians: Sequence[ChatLink],
) -> int:
    """Alert for each new fact that wins its child's day; returns how many pushes were queued.

    The day's slot is claimed in the store before anything is queued and the
    claim names the fact, so a rerun after a crash queues the same alert again
    (the outbox keeps it once) and never a second one for that day.
    """
    queued = 0
    store = deps.store
    now = deps.clock.now()
    for fact in sorted(facts, key=lambda f: (f.day, _order(f.record_id))):
        owner = await store.claim_daily_alert(fact.child_id, fact.day, str(fact.key))
        if owner != str(fact.key):
            continue  # the day already had its alert; the summary tells the rest
        for link in chats_for(guardians, child_id=fact.child_id):
            t = translator(link.language)
            # Worded for the day it will be read: quiet hours may hold it until tomorrow.
            read_on = deliver_at(now, link.preferences, urgent=True).astimezone(STOCKHOLM).date()
            created = await queue_push(
                deps,
                link,
                kind=ALERT_KIND,
                key=push_key(ALERT_KIND, str(fact.key), link),
                text=alert_text(t, fact, read_on),
                urgent=True,
            )
            queued += int(created)
    return queued


def _order(record_id: str) -> tuple[int, str]:
    return (int(record_id), "") if record_id.isdigit() else (0, record_id)
