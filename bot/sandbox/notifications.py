"""Per-user notifications, the feed a watcher polls to learn that something happened.

`orderDate` strictly increases across the whole database (a bump of a
millisecond when two land at the same clock reading), so a client that asks for
"everything after the last timestamp I saw" never misses one, even when a
second process or a frozen test clock writes them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.sandbox import errors
from bot.sandbox.dates import local_iso, order_stamp, parse_order_stamp, stamp, unstamp
from bot.sandbox.directory import Account, Child, source_id_of
from bot.sandbox.errors import HubRefusal

STATES = ("New", "Seen", "Read", "Cleared")
EPOCH_CURSOR = "1970-01-01 00:00:00.000"
_LIST_LIMIT = 200


# -- where a notification points: hash routes of the Hub's single-page app --------------------
# (deformentor-cli tests; strax-hacks reads `news/{id}`, `eventId=`).


def news_url(news_id: object) -> str:
    return f"/#/communication/news/{news_id}"


def message_url(message_id: object) -> str:
    return f"/#/message/show/{message_id}"


def attendance_url(record_id: object) -> str:
    """Designed in the style of the leave-request route."""
    return f"/#/attendance/tab/attendance/show/{record_id}"


def leave_request_url(leave_id: object) -> str:
    return f"/#/attendance/tab/leaveRequests/show/{leave_id}"


def calendar_url(entry_id: object) -> str:
    return f"/#/calendarv2/tab/month?eventId={entry_id}"


def meeting_url() -> str:
    return "#/meeting"


def _next_order_at(conn: sqlite3.Connection, clock: Clock) -> str:
    now = clock.now()
    last = conn.execute("SELECT max(order_at) FROM notifications").fetchone()[0]
    if last is not None and unstamp(last) >= now:
        now = unstamp(last) + timedelta(milliseconds=1)
    return stamp(now)


def notify(
    conn: sqlite3.Connection,
    clock: Clock,
    accounts: Iterable[Account],
    child: Child | None,
    *,
    app_type: str,
    type_: str,
    entity: str,
    title: str,
    url: str,
    subtitle: str = "",
    subjects: str = "",
    state: str = "New",
    at: datetime | None = None,
) -> list[int]:
    """One notification per account; `at` back-dates seeded ones."""
    ids = []
    for account in accounts:
        cursor = conn.execute(
            "INSERT INTO notifications(account_id, child_id, app_type, type, entity_type, title,"
            " subtitle, subjects, url, order_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                account.id,
                child.id if child else None,
                app_type,
                type_,
                entity,
                title,
                subtitle,
                subjects,
                url,
                stamp(at) if at is not None else _next_order_at(conn, clock),
                state,
            ),
        )
        assert cursor.lastrowid is not None
        ids.append(cursor.lastrowid)
    return ids


def _wire(row: sqlite3.Row, selected_child_id: int | None) -> dict[str, Any]:
    """Every field a string, an int or a bool, never null (strax-hacks' zod schema,
    lib_smilingschool-dart's model); `orderDate` ISO with a `T` (deformentor-cli)."""
    moment = unstamp(row["order_at"])
    child_id = row["child_id"]
    return {
        "id": row["id"],
        "title": row["title"] or "",
        "subTitle": row["subtitle"] or "",
        "subjectsCourses": row["subjects"] or "",
        "dateSent": local_iso(moment),
        "orderDate": local_iso(moment),
        "appType": row["app_type"],
        "type": row["type"],
        "state": row["state"],
        "url": row["url"],
        "pupilIM2Id": row["im2_id"] if row["im2_id"] is not None else 0,
        "pupilSourceId": (
            source_id_of(row["school_id"], child_id) if child_id is not None else ""
        ),
        "currentlySelectedPupil": child_id is not None and child_id == selected_child_id,
        "entityTypeString": row["entity_type"] or "",
    }


_SELECT = (
    "SELECT n.*, c.im2_id, c.school_id FROM notifications n"
    " LEFT JOIN children c ON c.id = n.child_id WHERE n.account_id = ?"
)


def all_for(
    conn: sqlite3.Connection, account: Account, selected_child_id: int | None
) -> dict[str, Any]:
    """appData: this user's notifications for all their children, newest first."""
    rows = conn.execute(
        f"{_SELECT} ORDER BY n.order_at DESC, n.id DESC LIMIT ?", (account.id, _LIST_LIMIT)
    )
    return {"notifications": [_wire(r, selected_child_id) for r in rows]}


def since(
    conn: sqlite3.Connection, account: Account, selected_child_id: int | None, timestamp: str
) -> dict[str, Any]:
    """GetNotifications: those after `timestamp`, and the cursor to send next time."""
    moment = parse_order_stamp(timestamp) if timestamp else None
    after = stamp(moment) if moment is not None else ""
    rows = conn.execute(
        f"{_SELECT} AND n.order_at > ? ORDER BY n.order_at DESC, n.id DESC LIMIT ?",
        (account.id, after, _LIST_LIMIT),
    ).fetchall()
    newest = conn.execute(
        "SELECT max(order_at) FROM notifications WHERE account_id = ?", (account.id,)
    ).fetchone()[0]
    if newest is not None and newest > after:
        cursor = order_stamp(unstamp(newest))
    else:
        cursor = order_stamp(moment) if moment is not None else EPOCH_CURSOR
    return {"notifications": [_wire(r, selected_child_id) for r in rows], "timestamp": cursor}


def update_state(
    conn: sqlite3.Connection, account: Account, ids: Sequence[object], state: str
) -> dict[str, Any]:
    wanted = next((s for s in STATES if s.lower() == str(state).lower()), None)
    if wanted is None:
        raise HubRefusal(errors.INVALID, "Okänt läge för notisen.")
    numbers = [int(str(i)) for i in ids if str(i).strip().isdigit()]
    conn.executemany(
        "UPDATE notifications SET state = ? WHERE id = ? AND account_id = ?",
        [(wanted, number, account.id) for number in numbers],
    )
    return {"success": True}


def mark_read_by_url(conn: sqlite3.Connection, account: Account, url: str) -> None:
    conn.execute(
        "UPDATE notifications SET state = 'Read' WHERE account_id = ? AND url = ?",
        (account.id, url),
    )
