"""Every fact carries a key. The key is what makes a digest quiet.

A key names the kind of fact, the child it is about, the Hub's id for it and the
part of it that can change (`absence:3100102:812:late`). A fact whose key was
seen before is not news; a fact whose changing part changed is a new one. The
push side never compares texts or times to decide what is new, only keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from bot.hub.models import AttendanceRecord, Notification, parse_hub_time


class FactKind(StrEnum):
    ABSENCE = "absence"
    NEWS = "news"
    MESSAGE = "message"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class FactKey:
    kind: FactKind
    child: str
    hub_id: str
    version: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.child}:{self.hub_id}:{self.version}"


# How the Hub names the registrations a guardian must hear about (lower case).
INVALID_ABSENCE_NAMES = frozenset({"ogiltig frånvaro", "invalid absence"})
LATE_NAMES = frozenset({"sen ankomst", "late arrival", "late"})


@dataclass(frozen=True, slots=True)
class AbsenceFact:
    """An invalid absence or a late arrival the school registered."""

    key: FactKey
    child_id: str
    child_name: str
    day: date
    late: bool
    # Arrival (late) or start of the missed lesson, when the Hub says.
    at: time | None
    minutes: int | None
    lesson: str | None
    registered_by: str | None

    @property
    def record_id(self) -> str:
        return self.key.hub_id


def absence_fact(child_id: str, child_name: str, record: AttendanceRecord) -> AbsenceFact | None:
    """The fact in one attendance row, or None when the row is not an invalid one."""
    name = (record.registration_type_name or "").strip().casefold()
    if name in INVALID_ABSENCE_NAMES:
        late = False
    elif name in LATE_NAMES:
        late = True
    else:
        return None
    day = record.day
    if day is None:
        return None
    kind = "late" if late else "invalid"
    return AbsenceFact(
        key=FactKey(FactKind.ABSENCE, child_id, str(record.id), kind),
        child_id=child_id,
        child_name=child_name,
        day=day,
        late=late,
        at=parse_hub_time(record.start_time),
        minutes=record.minutes or None,
        lesson=(record.lesson_name or record.subject or "").strip() or None,
        registered_by=(record.registered_by_name or "").strip() or None,
    )


@dataclass(frozen=True, slots=True)
class NewsFact:
    """News published to a group one of the account's children is in."""

    key: FactKey
    child_id: str
    news_id: str
    title: str
    # Who or which group it came from, as the notification says.
    source: str | None


def notification_child(notification: Notification) -> str:
    return notification.child_switch_id or ""


def news_fact(notification: Notification) -> NewsFact | None:
    """A news notification as a fact; anything else gives None."""
    if (notification.app_type or "").casefold() != "news":
        return None
    link = notification.link
    if link is None or link.kind != "news":
        return None
    child = notification_child(notification)
    return NewsFact(
        key=FactKey(FactKind.NEWS, child, link.item_id),
        child_id=child,
        news_id=link.item_id,
        title=notification.title.strip(),
        source=(notification.sub_title or "").strip() or None,
    )


def is_absence_notification(notification: Notification) -> bool:
    """The Hub tells guardians of invalid absences and late arrivals by notification too."""
    return (notification.app_type or "").casefold() == "attendance" and (
        notification.type or ""
    ).casefold() in ("invalidabsence", "latearrival")


def notification_key(notification: Notification) -> FactKey:
    """The key of an unread notification as a summary counts it."""
    kind = FactKind.MESSAGE if is_message(notification) else FactKind.NOTICE
    link = notification.link
    hub_id = f"{link.kind}-{link.item_id}" if link else f"n-{notification.id}"
    return FactKey(kind, notification_child(notification), hub_id)


def is_message(notification: Notification) -> bool:
    return (notification.app_type or "").casefold() == "message"
