"""Web sessions: the two cookies, the selected pupil, and when BankID was last used.

The selected pupil lives here, server-side, because that is how the real Hub
scopes every read; a client that forgets to switch reads the wrong child.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.sandbox import directory
from bot.sandbox.dates import now_stamp, stamp, unstamp
from bot.sandbox.directory import Account

IDLE_LIMIT = timedelta(hours=3)
BANKID_FRESH_FOR = timedelta(minutes=20)

SESSION_COOKIE = "ASP.NET_SessionId"
IMHOME_COOKIE = "IMHome"


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    imhome: str
    account_id: int
    selected_child_id: int | None
    bankid_at: datetime | None

    def bankid_fresh(self, clock: Clock) -> bool:
        return self.bankid_at is not None and clock.now() - self.bankid_at <= BANKID_FRESH_FOR


def _session(row: sqlite3.Row) -> Session:
    return Session(
        id=row["id"],
        imhome=row["imhome"],
        account_id=row["account_id"],
        selected_child_id=row["selected_child_id"],
        bankid_at=unstamp(row["bankid_at"]) if row["bankid_at"] else None,
    )


def open_session(
    conn: sqlite3.Connection, clock: Clock, account: Account, *, bankid: bool = False
) -> Session:
    """A fresh session (new ids on every login), the first pupil selected."""
    children = directory.children_of(conn, account)
    now = now_stamp(clock)
    session = Session(
        id=secrets.token_hex(12),
        imhome=secrets.token_urlsafe(24),
        account_id=account.id,
        selected_child_id=children[0].id if children else None,
        bankid_at=clock.now() if bankid else None,
    )
    conn.execute(
        "INSERT INTO sessions(id, imhome, account_id, selected_child_id, created_at, last_seen,"
        " bankid_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            session.id,
            session.imhome,
            account.id,
            session.selected_child_id,
            now,
            now,
            now if bankid else None,
        ),
    )
    return session


def resolve(
    conn: sqlite3.Connection, clock: Clock, session_id: str | None, imhome: str | None
) -> Session | None:
    """The live session both cookies name, touched; None when missing, ended or idle too long."""
    if not session_id or not imhome:
        return None
    row = conn.execute(
        "SELECT * FROM sessions WHERE id = ? AND imhome = ? AND ended = 0", (session_id, imhome)
    ).fetchone()
    if row is None:
        return None
    if clock.now() - unstamp(row["last_seen"]) > IDLE_LIMIT:
        conn.execute("UPDATE sessions SET ended = 1 WHERE id = ?", (session_id,))
        return None
    conn.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (now_stamp(clock), session_id))
    return _session(row)


def end_session(conn: sqlite3.Connection, session_id: str) -> None:
    conn.execute("UPDATE sessions SET ended = 1 WHERE id = ?", (session_id,))


def expire_all(conn: sqlite3.Connection) -> int:
    return conn.execute("UPDATE sessions SET ended = 1 WHERE ended = 0").rowcount


def select_child(
    conn: sqlite3.Connection, session: Session, account: Account, child_id: int
) -> bool:
    """Switches the pupil; an id not of this account leaves the selection as it was."""
    if not directory.may_see_child(conn, account, child_id):
        return False
    conn.execute("UPDATE sessions SET selected_child_id = ? WHERE id = ?", (child_id, session.id))
    return True


def mark_bankid(conn: sqlite3.Connection, clock: Clock, session_id: str) -> None:
    conn.execute(
        "UPDATE sessions SET bankid_at = ? WHERE id = ?", (stamp(clock.now()), session_id)
    )
