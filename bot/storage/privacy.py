"""PRIVACY.md, generated: every stored field, its purpose, who sees it, how long it stays.

The list of fields comes from the schema itself (the SQLite migrations applied to
an empty database), the words from `privacy.toml`, and "how long" from the
retention rules the daily job deletes by. `tests/storage/test_privacy.py` fails
when a column has no words or PRIVACY.md is stale, so the promise cannot drift
from what is kept. Regenerate with `python -m bot.storage.privacy > PRIVACY.md`.
"""

from __future__ import annotations

import sqlite3
import sys
import tomllib
from dataclasses import dataclass
from importlib import resources

from bot.storage.migrate import load_migrations
from bot.storage.retention import Rows, Rule, describe, retention_rules

HEADER = """\
# What Hubbot keeps about you, and for how long

Generated from the storage schema by `python -m bot.storage.privacy`; do not edit by hand.

Hubbot keeps as little as it can. It never asks for or stores a personal identity number,
never stores your Hub password (a password typed on the link page goes to the Hub and is
dropped), and keeps no secure content (assessments, documentation): those open only on the
Hub. Everything below lives in the bot's own database: a SQLite file in `HUBBOT_DATA_DIR`
(`hubbot.db`), or the municipality's PostgreSQL (`HUBBOT_DATABASE_URL`). Tokens are
encrypted with a key kept outside the database (`HUBBOT_TOKEN_KEY`, or `token.key` beside
the SQLite file). The transcript is masked before it is written: health words, identity
numbers, phone numbers and e-mail addresses never reach it.

Write "vad har du sparat om mig" (or "what do you store about me") to get a copy of what is
kept about your chat (GDPR article 15), and "glöm mig" to have all of it deleted.

The transcript period `HUBBOT_RETENTION_DAYS` is {retention_days} days by default.
"""


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]


def schema_tables() -> list[Table]:
    """The tables and columns the migrations create, read from an empty database."""
    conn = sqlite3.connect(":memory:")
    try:
        for migration in load_migrations():
            conn.executescript(migration.sql)
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return [
            Table(name, tuple(row[1] for row in conn.execute(f"PRAGMA table_info({name})")))
            for name in names
        ]
    finally:
        conn.close()


def descriptions() -> dict[str, dict[str, object]]:
    text = resources.files("bot.storage").joinpath("privacy.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def missing_words(tables: list[Table], words: dict[str, dict[str, object]]) -> list[str]:
    """`table.column` without words, and words for what no longer exists."""
    problems: list[str] = []
    for table in tables:
        entry = words.get(table.name)
        if entry is None:
            problems.append(f"{table.name}: no entry")
            continue
        columns = entry.get("columns", {})
        assert isinstance(columns, dict)
        problems += [f"{table.name}.{c}: no words" for c in table.columns if c not in columns]
        problems += [
            f"{table.name}.{c}: no such column" for c in columns if c not in table.columns
        ]
    known = {t.name for t in tables}
    problems += [f"{name}: no such table" for name in words if name not in known]
    return problems


def _how_long(table: Table, entry: dict[str, object], rules: dict[str, Rule]) -> str:
    """The rule when it dates every row; what `until` says, and the rule for the rows it covers."""
    rule = rules.get(table.name)
    until = str(entry.get("until", ""))
    if rule is None:
        return until
    if rule.rows is Rows.ALL:
        return describe(rule)
    if rule.rows is Rows.EXPIRED:
        return until
    return f"{until}; {describe(rule)}"


def render(retention_days: int = 30) -> str:
    tables = schema_tables()
    words = descriptions()
    problems = missing_words(tables, words)
    if problems:
        raise ValueError("privacy.toml does not match the schema: " + "; ".join(problems))
    rules = {rule.table: rule for rule in retention_rules(retention_days)}
    out = [HEADER.format(retention_days=retention_days)]
    for table in tables:
        entry = words[table.name]
        columns = entry["columns"]
        assert isinstance(columns, dict)
        out.append(f"## `{table.name}`\n")
        out.append(f"{entry['about']}\n")
        out.append(f"- Who can see it: {entry['who']}.")
        out.append(f"- How long: {_how_long(table, entry, rules)}.\n")
        out.append("| field | what |")
        out.append("| --- | --- |")
        out += [f"| `{column}` | {columns[column]} |" for column in table.columns]
        out.append("")
    return "\n".join(out)


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
