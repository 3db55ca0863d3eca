"""The sandbox Hub's own SQLite file, shared by a serving process and the CLI.

A bot process serves the sandbox while `python -m bot hub staff` writes to the
same file from another process, so the file runs in WAL mode with a busy
timeout, and every write happens inside one short `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIGRATIONS: tuple[str, ...] = (
    # 1: the whole first schema.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE schools (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        absence_cutoff TEXT NOT NULL DEFAULT '15:00',
        opening_time TEXT NOT NULL DEFAULT '06:30',
        closing_time TEXT NOT NULL DEFAULT '18:00'
    );
    CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL,
        school_id INTEGER NOT NULL REFERENCES schools(id),
        locks_day_before INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE children (
        id INTEGER PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        year INTEGER,
        im2_id INTEGER NOT NULL UNIQUE,
        school_id INTEGER NOT NULL REFERENCES schools(id),
        apps TEXT NOT NULL
    );
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        role TEXT NOT NULL,
        child_id INTEGER REFERENCES children(id)
    );
    CREATE TABLE guardianships (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        child_id INTEGER NOT NULL REFERENCES children(id),
        PRIMARY KEY (account_id, child_id)
    );
    CREATE TABLE memberships (
        child_id INTEGER NOT NULL REFERENCES children(id),
        group_id INTEGER NOT NULL REFERENCES groups(id),
        PRIMARY KEY (child_id, group_id)
    );
    CREATE TABLE staff_groups (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        group_id INTEGER NOT NULL REFERENCES groups(id),
        PRIMARY KEY (account_id, group_id)
    );

    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        imhome TEXT NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        selected_child_id INTEGER,
        created_at TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        bankid_at TEXT,
        ended INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE bankid_orders (
        id TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        state TEXT NOT NULL,
        expected_login TEXT,
        account_id INTEGER,
        return_url TEXT NOT NULL,
        created_at TEXT NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE oauth_families (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        client_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE oauth_codes (
        code TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0,
        family_id INTEGER REFERENCES oauth_families(id)
    );
    CREATE TABLE oauth_tokens (
        token TEXT PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES oauth_families(id),
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        rotated INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sso_tokens (
        token TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE staff_tokens (
        token TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL
    );

    CREATE TABLE news (
        id INTEGER PRIMARY KEY,
        group_id INTEGER REFERENCES groups(id),
        school_id INTEGER REFERENCES schools(id),
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL
    );
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        news_id INTEGER REFERENCES news(id),
        title TEXT NOT NULL,
        file_type TEXT NOT NULL,
        content BLOB,
        external_url TEXT
    );
    CREATE TABLE calendar_entries (
        id INTEGER PRIMARY KEY,
        group_id INTEGER REFERENCES groups(id),
        school_id INTEGER REFERENCES schools(id),
        title TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        type_id INTEGER NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        subject TEXT
    );
    CREATE TABLE closed_days (
        group_id INTEGER NOT NULL REFERENCES groups(id),
        date TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (group_id, date)
    );
    CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        child_id INTEGER REFERENCES children(id),
        app_type TEXT NOT NULL,
        type TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        title TEXT NOT NULL,
        subtitle TEXT NOT NULL DEFAULT '',
        subjects TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL,
        order_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'New'
    );
    CREATE INDEX notifications_by_account ON notifications(account_id, order_at);

    CREATE TABLE attendance (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id),
        date TEXT NOT NULL,
        kind TEXT NOT NULL,
        span TEXT,
        from_time TEXT,
        to_time TEXT,
        minutes INTEGER,
        lesson TEXT,
        comment TEXT,
        registered_by INTEGER REFERENCES accounts(id),
        seeded INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX one_report_a_day ON attendance(child_id, date) WHERE kind = 'reported';
    CREATE TABLE leave_requests (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id),
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        full_day INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'Pending',
        created_by INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        seeded INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE base_schedule (
        child_id INTEGER NOT NULL REFERENCES children(id),
        weekday INTEGER NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        PRIMARY KEY (child_id, weekday)
    );
    CREATE TABLE time_regs (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id),
        date TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        on_leave INTEGER NOT NULL DEFAULT 0,
        comment TEXT,
        entered_by INTEGER NOT NULL REFERENCES accounts(id),
        updated_at TEXT NOT NULL,
        UNIQUE (child_id, date)
    );
    CREATE TABLE day_comments (
        child_id INTEGER NOT NULL REFERENCES children(id),
        date TEXT NOT NULL,
        teacher_comment TEXT NOT NULL,
        teacher_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        unread INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (child_id, date)
    );

    CREATE TABLE meeting_slots (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups(id),
        meeting_id INTEGER NOT NULL,
        teacher_id INTEGER REFERENCES accounts(id),
        date TEXT NOT NULL,
        time_from TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        meeting_type TEXT NOT NULL,
        location TEXT NOT NULL
    );
    CREATE TABLE meeting_bookings (
        id INTEGER PRIMARY KEY,
        slot_id INTEGER NOT NULL UNIQUE REFERENCES meeting_slots(id),
        child_id INTEGER NOT NULL REFERENCES children(id),
        booked_by INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL
    );

    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        sender_id INTEGER NOT NULL REFERENCES accounts(id),
        child_id INTEGER REFERENCES children(id),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        reply_to_id INTEGER REFERENCES messages(id)
    );
    CREATE TABLE message_recipients (
        message_id INTEGER NOT NULL REFERENCES messages(id),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        is_new INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (message_id, account_id)
    );

    CREATE TABLE secure_items (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id),
        box TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        subject TEXT,
        level TEXT,
        author TEXT NOT NULL,
        dated TEXT NOT NULL
    );
    """,
    # 2: which municipality each account works for (designed: staff see their own only).
    """
    ALTER TABLE accounts ADD COLUMN municipality TEXT NOT NULL DEFAULT 'vanersborg';
    """,
    # 3 (task "linking"): device pairing (authGuid) and PKCE on authorization codes.
    """
    CREATE TABLE pairings (
        auth_guid TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE oauth_codes ADD COLUMN code_challenge TEXT;
    ALTER TABLE oauth_codes ADD COLUMN device_identifier TEXT;
    """,
)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode; writers open their own transactions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction; nested use joins the outer one."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date; safe when two processes start at once."""
    with transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> list[str]:
    # executescript() would commit our transaction, so statements run one by one.
    return [part.strip() for part in script.split(";") if part.strip()]


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
