"""The SQLite store: every concern's piece on one connection."""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock, utc_now
from bot.storage.base import Store
from bot.storage.crypto import TokenCipher
from bot.storage.migrate import load_migrations, migrate
from bot.storage.sqlite.console import SqliteConsole
from bot.storage.sqlite.conversation_state import SqliteConversationState
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.export import SqliteExport
from bot.storage.sqlite.forgetting import SqliteForgetting, SqliteRetention
from bot.storage.sqlite.jobs import SqliteJobs
from bot.storage.sqlite.link_codes import SqliteLinkCodes
from bot.storage.sqlite.link_states import SqliteLinkStates
from bot.storage.sqlite.links import SqliteLinks
from bot.storage.sqlite.log import SqliteLog
from bot.storage.sqlite.outbox import SqliteOutbox
from bot.storage.sqlite.push import SqlitePushLedger
from bot.storage.sqlite.sms import SqliteSms
from bot.storage.sqlite.throttle import SqliteThrottle
from bot.storage.sqlite.tokens import SqliteTokens


class SqliteStore(
    SqliteLinks,
    SqliteTokens,
    SqliteLinkStates,
    SqliteLinkCodes,
    SqliteLog,
    SqliteOutbox,
    SqliteJobs,
    SqliteConversationState,
    SqliteForgetting,
    SqliteConsole,
    SqlitePushLedger,
    SqliteThrottle,
    SqliteRetention,
    SqliteExport,
    SqliteSms,
):
    """One process, one database file, WAL so readers never wait for the writer."""

    @classmethod
    async def open(cls, path: Path, *, clock: Clock, cipher: TokenCipher) -> SqliteStore:
        """Open (creating if needed) and bring the schema up to date."""
        db = await Database.open(path)
        try:
            await migrate(db.connection, load_migrations(), now=utc_now(clock))
        except BaseException:
            await db.close()
            raise
        return cls(db, clock, cipher)

    @property
    def path(self) -> Path:
        return self._db.path

    async def close(self) -> None:
        await self._db.close()


def _conforms(store: SqliteStore) -> Store:
    """mypy checks here that SqliteStore really is a `Store`."""
    return store
