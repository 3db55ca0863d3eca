from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import STOCKHOLM, ManualClock
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import ChatKey, Language, Role

START = datetime(2026, 11, 26, 9, 0, tzinfo=STOCKHOLM)
PRIVATE = ChatKey("telegram", "1001")
GROUP = ChatKey("telegram", "-2002")
OTHER = ChatKey("terminal", "anna")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Explicit values: the developer's environment or .env must not leak into tests.
    return Settings(data_dir=tmp_path / "data", token_key=None, _env_file=None)


@pytest.fixture
async def store(settings: Settings, clock: ManualClock) -> AsyncIterator[Store]:
    opened = await open_store(settings, clock)
    yield opened
    await opened.close()


async def link(store: Store, chat: ChatKey, member_id: str | None = None, account: str = "u-anna"):
    return await store.upsert_link(
        chat.member(member_id),
        hub_account_id=account,
        role=Role.GUARDIAN,
        language=Language("sv"),
        hub_login_hint="Anna",
    )


def raw_bytes(db_path: Path) -> bytes:
    """Every byte SQLite keeps on disk for this database: the file, its WAL and shm."""
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists():
            data += part.read_bytes()
    return data
