"""PRIVACY.md says what the schema keeps: every column described, generated, never stale."""

from __future__ import annotations

from pathlib import Path

from bot.storage.privacy import descriptions, missing_words, render, schema_tables
from bot.storage.retention import retention_rules

ROOT = Path(__file__).resolve().parents[2]


def test_every_stored_column_is_described_and_nothing_else() -> None:
    assert missing_words(schema_tables(), descriptions()) == []


def test_a_new_column_without_words_is_caught() -> None:
    tables = schema_tables()
    words = descriptions()
    del words["conversation_log"]["columns"]["text"]  # type: ignore[attr-defined]
    assert missing_words(tables, words) == ["conversation_log.text: no words"]


def test_every_retention_rule_names_a_real_table_and_column() -> None:
    columns = {t.name: t.columns for t in schema_tables()}
    for rule in retention_rules(30):
        assert rule.column in columns[rule.table], rule


def test_privacy_md_is_generated_from_the_schema() -> None:
    written = (ROOT / "PRIVACY.md").read_text(encoding="utf-8")
    assert written == render(), "regenerate: python -m bot.storage.privacy > PRIVACY.md"
