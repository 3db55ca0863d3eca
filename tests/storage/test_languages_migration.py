"""The languages migration drops the schema's list of languages and loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.storage.migrate import load_migrations, migrate

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
LINK = (
    "INSERT INTO chat_links (channel, chat_id, member_id, hub_account_id, role, language,"
    " preferences, created_at, last_seen_at) VALUES ('test', ?, ?, 'u1', 'guardian', ?, '{}',"
    " '2026-11-26T08:00:00+00:00', '2026-11-26T08:00:00+00:00')"
)


async def test_links_and_their_tokens_survive_and_any_language_code_fits(tmp_path: Path) -> None:
    every = load_migrations()
    (languages,) = [m for m in every if m.name.endswith("languages")]
    before = [m for m in every if m.version < languages.version]
    conn = await aiosqlite.connect(tmp_path / "bot.db", isolation_level=None)
    try:
        await conn.execute("PRAGMA foreign_keys=ON")
        await migrate(conn, before, now=NOW)
        await conn.execute(LINK, ("c1", "c1", "en"))
        await conn.execute(
            "INSERT INTO refresh_tokens (link_id, ciphertext, generation, updated_at)"
            " VALUES (1, x'00ff', 3, '2026-11-26T08:00:00+00:00')"
        )
        assert await migrate(conn, every, now=NOW) == [
            m.version for m in every if m.version >= languages.version
        ]
        cursor = await conn.execute("SELECT language FROM chat_links WHERE id = 1")
        assert await cursor.fetchone() == ("en",)
        cursor = await conn.execute("SELECT link_id, ciphertext, generation FROM refresh_tokens")
        assert await cursor.fetchall() == [(1, b"\x00\xff", 3)]
        # The code checks languages now (bot/i18n/languages.py), not the schema.
        await conn.execute(LINK, ("c2", "c2", "fi"))
        # The token still goes with its link.
        await conn.execute("DELETE FROM chat_links WHERE id = 1")
        cursor = await conn.execute("SELECT count(*) FROM refresh_tokens")
        assert await cursor.fetchone() == (0,)
    finally:
        await conn.close()
