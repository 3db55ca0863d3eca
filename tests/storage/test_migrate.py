from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.settings import Settings
from bot.storage import open_store
from bot.storage.migrate import (
    Migration,
    MigrationError,
    load_migrations,
    migrate,
    split_statements,
)

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


async def connect(path: Path) -> aiosqlite.Connection:
    return await aiosqlite.connect(path, isolation_level=None)


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def write(folder: Path, name: str, sql: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(sql, encoding="utf-8")


def test_bundled_migrations_are_numbered_in_order() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations[0].name == "initial"
    for migration in migrations:
        assert split_statements(migration.sql), migration.name


async def test_empty_file_gets_every_table_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    path.touch()
    conn = await connect(path)
    try:
        bundled = load_migrations()
        assert await migrate(conn, bundled, now=NOW) == [m.version for m in bundled]
        assert await migrate(conn, load_migrations(), now=NOW) == []
        rows = await conn.execute_fetchall("SELECT version, name FROM schema_migrations")
    finally:
        await conn.close()
    assert [tuple(r) for r in rows][:3] == [
        (1, "initial"),
        (2, "outbox_and_jobs"),
        (3, "conversation_state"),
    ]
    assert [tuple(r) for r in rows] == [(m.version, m.name) for m in bundled]
    assert {
        "chat_links",
        "refresh_tokens",
        "link_states",
        "link_failures",
        "conversation_log",
        "outbox",
        "jobs",
        "pending",
        "last_writes",
    } <= tables(path)


async def test_open_store_twice_on_one_file_migrates_once(settings: Settings, clock) -> None:
    first = await open_store(settings, clock)
    await first.close()
    second = await open_store(settings, clock)
    await second.close()
    with sqlite3.connect(settings.bot_db_path) as conn:
        count = conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert count == len(load_migrations())
    assert mode == "wal"


async def test_a_failing_file_rolls_back_entirely(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    write(folder, "0001_one.sql", "CREATE TABLE one (x INTEGER);")
    write(folder, "0002_two.sql", "CREATE TABLE two (x INTEGER);\nINSERT INTO nowhere VALUES (1);")
    path = tmp_path / "bot.db"
    conn = await connect(path)
    try:
        with pytest.raises(MigrationError, match="0002_two"):
            await migrate(conn, load_migrations(folder), now=NOW)
        versions = await conn.execute_fetchall("SELECT version FROM schema_migrations")
        assert not conn.in_transaction
    finally:
        await conn.close()
    assert [r[0] for r in versions] == [1]
    assert "one" in tables(path)
    assert "two" not in tables(path)


async def test_a_file_changed_after_it_was_applied_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    conn = await connect(path)
    try:
        await migrate(conn, [Migration(1, "one", "CREATE TABLE one (x INTEGER);")], now=NOW)
        with pytest.raises(MigrationError, match="changed"):
            await migrate(conn, [Migration(1, "one", "CREATE TABLE one (y TEXT);")], now=NOW)
    finally:
        await conn.close()


async def test_a_database_newer_than_the_code_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    one = Migration(1, "one", "CREATE TABLE one (x INTEGER);")
    two = Migration(2, "two", "CREATE TABLE two (x INTEGER);")
    conn = await connect(path)
    try:
        await migrate(conn, [one, two], now=NOW)
        with pytest.raises(MigrationError, match="does not know"):
            await migrate(conn, [one], now=NOW)
    finally:
        await conn.close()


async def test_a_later_file_is_applied_on_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    one = Migration(1, "one", "CREATE TABLE one (x INTEGER);")
    two = Migration(2, "two", "ALTER TABLE one ADD COLUMN y TEXT;")
    conn = await connect(path)
    try:
        assert await migrate(conn, [one], now=NOW) == [1]
        assert await migrate(conn, [two, one], now=NOW) == [2]
        await conn.execute("INSERT INTO one (x, y) VALUES (1, 'a')")
    finally:
        await conn.close()


@pytest.mark.parametrize("name", ["1_short.sql", "0001-dash.sql", "0001_Upper.sql"])
def test_badly_named_files_are_refused(tmp_path: Path, name: str) -> None:
    write(tmp_path, name, "SELECT 1;")
    with pytest.raises(MigrationError, match="NNNN_name"):
        load_migrations(tmp_path)


def test_two_files_with_one_number_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "0001_a.sql", "SELECT 1;")
    write(tmp_path, "0001_b.sql", "SELECT 2;")
    with pytest.raises(MigrationError, match="two migrations"):
        load_migrations(tmp_path)


def test_other_files_in_the_folder_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "__init__.py", "")
    write(tmp_path, "README.md", "")
    write(tmp_path, "0001_a.sql", "SELECT 1;")
    assert [m.name for m in load_migrations(tmp_path)] == ["a"]


def test_statements_split_where_sqlite_says_they_end() -> None:
    sql = """
    -- a comment; with a semicolon
    CREATE TABLE t (x TEXT DEFAULT 'a;b');
    CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
        UPDATE t SET x = 'c;d';
        DELETE FROM t WHERE x = 'e';
    END;
    ;
    """
    statements = split_statements(sql)
    assert len(statements) == 2
    assert statements[0].endswith("DEFAULT 'a;b');")
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_an_unterminated_statement_is_refused() -> None:
    with pytest.raises(MigrationError, match="unterminated"):
        split_statements("CREATE TABLE t (x INTEGER);\nCREATE TABLE u (x INTEGER)")
