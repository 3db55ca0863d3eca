"""The SQLite backend of the store (one bot process per database file)."""

from bot.storage.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
