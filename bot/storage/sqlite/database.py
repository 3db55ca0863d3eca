"""One SQLite connection shared by every task of the bot, behind a lock.

A statement from one task must never land inside another task's open
transaction, so every use of the connection holds the lock. Writes that touch
more than one row set run in `BEGIN IMMEDIATE`, which takes the write lock up
front: another process waits (busy_timeout) instead of failing half way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

Params = Sequence[Any] | Mapping[str, Any]
BUSY_TIMEOUT_MS = 5000


class Session:
    """The connection while the lock is held."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Runs one statement; returns the number of rows it changed."""
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        async with self._conn.execute(sql, params) as cursor:
            if cursor.lastrowid is None:
                raise RuntimeError("insert gave no row id")
            return cursor.lastrowid

    async def all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Also for `… RETURNING`: reads every row, so the statement completes."""
        rows = await self._conn.execute_fetchall(sql, params)
        return list(rows)

    async def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        rows = await self.all(sql, params)
        return rows[0] if rows else None


class Database:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: Path) -> Database:
        _create_private(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            await _configure(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    @property
    def connection(self) -> aiosqlite.Connection:
        """For the migration runner, before anything else uses the database."""
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        async with self._lock:
            await _run(self._conn, "BEGIN IMMEDIATE")
            try:
                yield Session(self._conn)
                await _run(self._conn, "COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    # A COMMIT cut short by cancellation may have finished after all.
                    with contextlib.suppress(sqlite3.OperationalError):
                        await _run(self._conn, "ROLLBACK")
                raise

    @asynccontextmanager
    async def session(self) -> AsyncIterator[Session]:
        """Autocommit: each statement is its own transaction."""
        async with self._lock:
            yield Session(self._conn)

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self.session() as s:
            return await s.execute(sql, params)

    async def all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self.session() as s:
            return await s.all(sql, params)

    async def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        async with self.session() as s:
            return await s.one(sql, params)

    async def checkpoint(self) -> None:
        """Fold the WAL into the database file and empty it, so old page images go too.

        Best effort: a reader in another process can keep the WAL from emptying.
        """
        async with self._lock:
            await _run(self._conn, "PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()


def _create_private(path: Path) -> None:
    """Create the database file owner-only; SQLite gives -wal and -shm the same mode."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)


async def _configure(conn: aiosqlite.Connection) -> None:
    async with conn.execute("PRAGMA journal_mode=WAL") as cursor:
        row = await cursor.fetchone()
    if row is None or str(row[0]).lower() != "wal":
        log.warning("SQLite refused WAL mode (got %r); running without it", row)
    for pragma in (
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA synchronous=NORMAL",
        # Deleted rows (forget, retention) are overwritten, not left in free pages.
        "PRAGMA secure_delete=ON",
    ):
        await _run(conn, pragma)


async def _run(conn: aiosqlite.Connection, sql: str) -> None:
    async with conn.execute(sql):
        pass
