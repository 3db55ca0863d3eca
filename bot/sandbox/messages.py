"""Messages between guardians (or students) and the child's teachers.

Messages carry the child they are about; a pupil's inbox shows those about
that pupil and those about no pupil in particular.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from bot.clock import Clock
from bot.sandbox import directory, errors, notifications
from bot.sandbox.dates import local, now_stamp, unstamp
from bot.sandbox.directory import Account, Child
from bot.sandbox.errors import HubRefusal

MAX_PAGE_SIZE = 100
# A string (strax-hacks' schema); the value is designed here.
CONTEXT_PUPIL = "Pupil"


def _item(row: sqlite3.Row, *, is_new: bool) -> dict[str, Any]:
    return {
        "id": row["id"],
        "messageContextType": CONTEXT_PUPIL,
        "sentUser": {"id": row["sender_id"], "displayName": row["sender_name"]},
        "isNew": is_new,
        "messageSubject": row["subject"],
        # The day only (strax-hacks, deformentor-cli: "2025-10-20").
        "timeSent": local(unstamp(row["sent_at"])).date().isoformat(),
    }


_SELECT = (
    "SELECT m.*, a.first_name || ' ' || a.last_name AS sender_name FROM messages m"
    " JOIN accounts a ON a.id = m.sender_id"
)


def message_list(
    conn: sqlite3.Connection,
    account: Account,
    child: Child | None,
    *,
    sent: bool,
    page: int = 1,
    page_size: int = 20,
    text: str = "",
) -> dict[str, Any]:
    page, page_size = max(page, 1), max(min(page_size, MAX_PAGE_SIZE), 1)
    scope = "(m.child_id IS NULL OR m.child_id = ?)" if child else "1 = 1"
    scope_args: tuple[Any, ...] = (child.id,) if child else ()
    needle = text.strip().casefold()
    if sent:
        folder_join, is_new, owner = "", "0", "m.sender_id"
    else:
        folder_join = " JOIN message_recipients r ON r.message_id = m.id"
        is_new, owner = "r.is_new", "r.account_id"
    rows = conn.execute(
        f"SELECT m.*, a.first_name || ' ' || a.last_name AS sender_name, {is_new} AS is_new"
        f" FROM messages m JOIN accounts a ON a.id = m.sender_id{folder_join}"
        f" WHERE {owner} = ? AND {scope} ORDER BY m.sent_at DESC, m.id DESC",
        (account.id, *scope_args),
    ).fetchall()
    if needle:
        rows = [r for r in rows if needle in f"{r['subject']}\n{r['body']}".casefold()]
    start = (page - 1) * page_size
    chosen = rows[start : start + page_size]
    return {
        "items": [_item(r, is_new=bool(r["is_new"])) for r in chosen],
        "more": start + page_size < len(rows),
        # The real Hub reports page 0 whatever page it served.
        "page": 0,
    }


def message(conn: sqlite3.Connection, account: Account, message_ref: object) -> dict[str, Any]:
    """GetMessage; reading it as a recipient marks it (and its notification) read."""
    row = conn.execute(f"{_SELECT} WHERE m.id = ?", (_int(message_ref),)).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, "Meddelandet finns inte.")
    mine = conn.execute(
        "SELECT is_new FROM message_recipients WHERE message_id = ? AND account_id = ?",
        (row["id"], account.id),
    ).fetchone()
    if mine is None and row["sender_id"] != account.id:
        raise HubRefusal(errors.NOT_FOUND, "Meddelandet finns inte.")
    recipients = conn.execute(
        "SELECT a.id, a.first_name || ' ' || a.last_name AS name FROM message_recipients r"
        " JOIN accounts a ON a.id = r.account_id WHERE r.message_id = ? ORDER BY a.id",
        (row["id"],),
    )
    if mine is not None:
        conn.execute(
            "UPDATE message_recipients SET is_new = 0 WHERE message_id = ? AND account_id = ?",
            (row["id"], account.id),
        )
        notifications.mark_read_by_url(conn, account, notifications.message_url(row["id"]))
    return {
        **_item(row, is_new=bool(mine["is_new"]) if mine else False),
        "messageBodyPlainText": row["body"],
        "toUsers": [{"id": r["id"], "displayName": r["name"]} for r in recipients],
        "messageFolder": "Inbox" if mine is not None else "Sent",
    }


def recipients(conn: sqlite3.Connection, child: Child) -> dict[str, Any]:
    return {
        "users": [
            {"id": t.id, "displayName": t.display_name, "role": "Teacher"}
            for t in directory.teachers_of(conn, child.id)
        ]
    }


def send(
    conn: sqlite3.Connection,
    clock: Clock,
    account: Account,
    child: Child | None,
    *,
    to_ids: Sequence[object],
    subject: str,
    body: str,
    reply_to: object = None,
) -> dict[str, Any]:
    """SendMessage: to the child's teachers, or back to whoever wrote the message replied to."""
    subject, body = subject.strip(), body.strip()
    allowed = {t.id for t in directory.teachers_of(conn, child.id)} if child else set()
    original = None
    if reply_to not in (None, "", 0, "0"):
        original = conn.execute(
            "SELECT * FROM messages WHERE id = ?", (_int(reply_to),)
        ).fetchone()
        if original is None:
            raise HubRefusal(errors.NOT_FOUND, "Meddelandet du svarar på finns inte.")
        allowed.add(original["sender_id"])
        allowed.update(
            r[0]
            for r in conn.execute(
                "SELECT account_id FROM message_recipients WHERE message_id = ?", (original["id"],)
            )
        )
        subject = subject or f"Sv: {original['subject']}"
    allowed.discard(account.id)
    targets = sorted({_int(i) for i in to_ids})
    if not targets:
        raise HubRefusal(errors.INVALID, "Välj minst en mottagare.")
    if not subject or not body:
        raise HubRefusal(errors.INVALID, "Meddelandet behöver ämne och text.")
    if any(t not in allowed for t in targets):
        raise HubRefusal(errors.ACCESS_DENIED, "Du kan inte skicka meddelanden till den personen.")
    return {
        "success": True,
        "id": deliver(conn, clock, account, child, targets, subject, body, original),
    }


def deliver(
    conn: sqlite3.Connection,
    clock: Clock,
    sender: Account,
    child: Child | None,
    targets: Sequence[int],
    subject: str,
    body: str,
    original: sqlite3.Row | None = None,
) -> int:
    message_id = conn.execute(
        "INSERT INTO messages(sender_id, child_id, subject, body, sent_at, reply_to_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            sender.id,
            child.id if child else (original["child_id"] if original is not None else None),
            subject,
            body,
            now_stamp(clock),
            original["id"] if original is not None else None,
        ),
    ).lastrowid
    assert message_id is not None
    conn.executemany(
        "INSERT INTO message_recipients(message_id, account_id) VALUES (?, ?)",
        [(message_id, target) for target in targets],
    )
    people = [a for a in (directory.account_by_id(conn, t) for t in targets) if a is not None]
    notifications.notify(
        conn,
        clock,
        people,
        child,
        app_type="Message",
        type_="MessageReceived",
        entity="Message",
        title=subject,
        subtitle=sender.display_name,
        url=notifications.message_url(message_id),
    )
    return message_id


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise HubRefusal(errors.INVALID, "Ogiltigt id.") from None
