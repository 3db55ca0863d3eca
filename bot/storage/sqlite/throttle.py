"""Failed attempts by hashed key, for throttling guesses (console sign-in)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from bot.storage.sqlite.codec import from_db, to_db
from bot.storage.sqlite.part import SqlitePart


def failure_key(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


class SqliteThrottle(SqlitePart):
    async def record_failure(self, scope: str, key: str) -> None:
        await self._db.execute(
            "INSERT INTO failures (scope, key_hash, at) VALUES (?, ?, ?)",
            (scope, failure_key(scope, key), to_db(self._now())),
        )

    async def recent_failures(self, scope: str, key: str, window: timedelta) -> list[datetime]:
        rows = await self._db.all(
            "SELECT at FROM failures WHERE scope = ? AND key_hash = ? AND at > ? ORDER BY at",
            (scope, failure_key(scope, key), to_db(self._now() - window)),
        )
        return [from_db(row["at"]) for row in rows]

    async def clear_failures(self, scope: str, key: str) -> int:
        return await self._db.execute(
            "DELETE FROM failures WHERE scope = ? AND key_hash = ?",
            (scope, failure_key(scope, key)),
        )

    async def purge_failures(self, *, before: datetime) -> int:
        return await self._db.execute("DELETE FROM failures WHERE at < ?", (to_db(before),))
