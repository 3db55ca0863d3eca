"""Everything the bot keeps: links, encrypted tokens, the redacted log, queued work.

Callers use `open_store` and the protocols in `base`; SQL never leaves this
package, so a PostgreSQL backend can replace SQLite without changes elsewhere.
"""

from __future__ import annotations

import asyncio

from bot.clock import Clock
from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.crypto import TokenCipher, load_token_key


async def open_store(settings: Settings, clock: Clock) -> Store:
    """The store for these settings, schema up to date. Close it with `await store.close()`."""
    from bot.storage.sqlite import SqliteStore

    await asyncio.to_thread(settings.ensure_data_dir)
    key = await asyncio.to_thread(load_token_key, settings)
    return await SqliteStore.open(settings.bot_db_path, clock=clock, cipher=TokenCipher(key))


__all__ = ["Store", "open_store"]
