"""Schema changes as numbered SQL files, applied in order at start.

Each file runs in its own transaction together with its row in
`schema_migrations`, so a failed file leaves the database as it was before that
file. A file changed after it was applied, or a database newer than the code,
stops the start instead of guessing.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import aiosqlite

MIGRATIONS_PACKAGE = "bot.storage.sqlite.migrations"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def load_migrations(directory: Traversable | Path | None = None) -> list[Migration]:
    """The `NNNN_name.sql` files of a folder (default: the bundled ones), by number."""
    folder: Traversable | Path = (
        directory if directory is not None else resources.files(MIGRATIONS_PACKAGE)
    )
    found: dict[int, Migration] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.match(entry.name)
        if match is None:
            raise MigrationError(f"migration file name {entry.name!r} is not NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"two migrations numbered {version:04d}")
        found[version] = Migration(version, match.group(2), entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def split_statements(sql: str) -> list[str]:
    """Whole statements, using SQLite's own notion of complete (triggers, quoted ';')."""
    statements: list[str] = []
    start = 0
    for index, char in enumerate(sql):
        if char != ";":
            continue
        chunk = sql[start : index + 1]
        if sqlite3.complete_statement(chunk):
            if _has_code(chunk):
                statements.append(chunk.strip())
            start = index + 1
    if _has_code(sql[start:]):
        raise MigrationError("migration ends with an unterminated statement")
    return statements


def _has_code(chunk: str) -> bool:
    without_comments = re.sub(r"--[^\n]*", "", chunk)
    return bool(without_comments.replace(";", "").strip())


async def _all(
    conn: aiosqlite.Connection, sql: str, params: Sequence[object] = ()
) -> list[sqlite3.Row]:
    return list(await conn.execute_fetchall(sql, params))


async def _run(conn: aiosqlite.Connection, sql: str, params: Sequence[object] = ()) -> None:
    async with conn.execute(sql, params):
        pass


async def applied_versions(conn: aiosqlite.Connection) -> dict[int, str]:
    await _run(conn, _CREATE_TABLE)
    rows = await _all(conn, "SELECT version, checksum FROM schema_migrations")
    return {int(row[0]): str(row[1]) for row in rows}


async def migrate(
    conn: aiosqlite.Connection, migrations: Iterable[Migration], *, now: datetime
) -> list[int]:
    """Apply what is missing; returns the versions applied by this call.

    The connection must be in autocommit mode (`isolation_level=None`).
    """
    wanted = sorted(migrations, key=lambda m: m.version)
    known = {m.version: m for m in wanted}
    applied = await applied_versions(conn)
    newer = sorted(set(applied) - set(known))
    if newer:
        raise MigrationError(
            f"database has migrations this code does not know: {newer}; is the code older?"
        )
    for version, checksum in applied.items():
        if known[version].checksum != checksum:
            raise MigrationError(f"migration {version:04d} changed after it was applied")

    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    done: list[int] = []
    for migration in wanted:
        if migration.version in applied:
            continue
        statements = split_statements(migration.sql)
        await _run(conn, "BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the lock.
            again = await _all(
                conn, "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
            )
            if not again:
                for statement in statements:
                    await _run(conn, statement)
                await _run(
                    conn,
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                    " VALUES (?, ?, ?, ?)",
                    (migration.version, migration.name, migration.checksum, stamp),
                )
                done.append(migration.version)
            await _run(conn, "COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                await _run(conn, "ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise MigrationError(
                    f"migration {migration.version:04d}_{migration.name} failed: {exc}"
                ) from exc
            raise
    return done
