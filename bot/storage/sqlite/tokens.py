"""Refresh tokens: encrypted on the way in, decrypted on the way out."""

from __future__ import annotations

import sqlite3

from bot.storage.models import StoredToken
from bot.storage.sqlite.codec import from_db, to_db
from bot.storage.sqlite.part import SqlitePart


def _context(link_id: int) -> bytes:
    """Binds a ciphertext to its row: copied to another link it does not decrypt."""
    return f"refresh_token:{link_id}".encode()


class SqliteTokens(SqlitePart):
    def _token_from_row(self, row: sqlite3.Row) -> StoredToken:
        link_id = int(row["link_id"])
        return StoredToken(
            link_id=link_id,
            token=self._cipher.decrypt(bytes(row["ciphertext"]), _context(link_id)),
            generation=int(row["generation"]),
            updated_at=from_db(row["updated_at"]),
        )

    async def store_refresh_token(self, link_id: int, token: str) -> StoredToken:
        blob = self._cipher.encrypt(token, _context(link_id))
        rows = await self._db.all(
            "INSERT INTO refresh_tokens (link_id, ciphertext, generation, updated_at)"
            " VALUES (?, ?, 1, ?)"
            " ON CONFLICT (link_id) DO UPDATE SET ciphertext = excluded.ciphertext,"
            " generation = refresh_tokens.generation + 1, updated_at = excluded.updated_at"
            " RETURNING *",
            (link_id, blob, to_db(self._now())),
        )
        return self._token_from_row(rows[0])

    async def get_refresh_token(self, link_id: int) -> StoredToken | None:
        row = await self._db.one("SELECT * FROM refresh_tokens WHERE link_id = ?", (link_id,))
        return self._token_from_row(row) if row else None

    async def rotate_refresh_token(
        self, link_id: int, new_token: str, *, expected_generation: int
    ) -> StoredToken | None:
        blob = self._cipher.encrypt(new_token, _context(link_id))
        rows = await self._db.all(
            "UPDATE refresh_tokens SET ciphertext = ?, generation = generation + 1,"
            " updated_at = ? WHERE link_id = ? AND generation = ? RETURNING *",
            (blob, to_db(self._now()), link_id, expected_generation),
        )
        return self._token_from_row(rows[0]) if rows else None

    async def delete_refresh_token(self, link_id: int) -> bool:
        deleted = await self._db.execute(
            "DELETE FROM refresh_tokens WHERE link_id = ?", (link_id,)
        )
        return deleted > 0
