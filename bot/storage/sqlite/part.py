"""What every piece of the SQLite store shares: the database, the clock, the cipher."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import Clock
from bot.storage.crypto import TokenCipher
from bot.storage.sqlite.database import Database


class SqlitePart:
    def __init__(self, db: Database, clock: Clock, cipher: TokenCipher) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher

    def _now(self) -> datetime:
        return self._clock.now().astimezone(UTC)
