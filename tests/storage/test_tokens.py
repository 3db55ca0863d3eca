"""Refresh tokens: stored encrypted, rotated without losing a race, never on disk in clear."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.crypto import TokenDecryptError, encode_key, generate_key
from bot.storage.models import Direction

from .conftest import GROUP, PRIVATE, link, raw_bytes

TOKEN = "rt-9f8e7d6c5b4a-CLEARTEXT-TOKEN-0123456789"


async def test_store_get_rotate_delete(store: Store, clock) -> None:
    created = await link(store, PRIVATE)
    assert await store.get_refresh_token(created.id) is None

    stored = await store.store_refresh_token(created.id, TOKEN)
    assert (stored.token, stored.generation) == (TOKEN, 1)
    assert TOKEN not in repr(stored)

    clock.advance(minutes=5)
    rotated = await store.rotate_refresh_token(created.id, "rt-second", expected_generation=1)
    assert rotated is not None
    assert (rotated.token, rotated.generation) == ("rt-second", 2)
    assert rotated.updated_at > stored.updated_at
    assert await store.get_refresh_token(created.id) == rotated

    assert await store.delete_refresh_token(created.id)
    assert not await store.delete_refresh_token(created.id)
    assert await store.get_refresh_token(created.id) is None


async def test_rotation_from_a_stale_generation_loses(store: Store) -> None:
    created = await link(store, PRIVATE)
    await store.store_refresh_token(created.id, "rt-1")
    await store.rotate_refresh_token(created.id, "rt-2", expected_generation=1)
    assert await store.rotate_refresh_token(created.id, "rt-3", expected_generation=1) is None
    current = await store.get_refresh_token(created.id)
    assert current is not None and current.token == "rt-2"


async def test_of_two_racing_rotations_exactly_one_wins(store: Store) -> None:
    created = await link(store, PRIVATE)
    await store.store_refresh_token(created.id, "rt-1")
    results = await asyncio.gather(
        *(
            store.rotate_refresh_token(created.id, f"rt-{n}", expected_generation=1)
            for n in range(2, 12)
        )
    )
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert await store.get_refresh_token(created.id) == winners[0]


async def test_storing_again_replaces_and_counts_on(store: Store) -> None:
    created = await link(store, PRIVATE)
    await store.store_refresh_token(created.id, "rt-1")
    again = await store.store_refresh_token(created.id, "rt-new-grant")
    assert (again.token, again.generation) == ("rt-new-grant", 2)


async def test_unlinking_takes_the_token_along(store: Store) -> None:
    created = await link(store, PRIVATE)
    await store.store_refresh_token(created.id, "rt-1")
    assert await store.delete_link(created.id)
    assert await store.get_refresh_token(created.id) is None


async def test_the_database_files_never_hold_the_token_in_clear(
    store: Store, settings: Settings
) -> None:
    """Read the .db, -wal and -shm bytes while open and after close."""
    first = await link(store, PRIVATE)
    second = await link(store, GROUP, "77")
    await store.store_refresh_token(first.id, TOKEN)
    await store.store_refresh_token(second.id, TOKEN + "-B")
    await store.rotate_refresh_token(first.id, TOKEN + "-ROTATED", expected_generation=1)
    # A canary through the (unencrypted) log shows the scan does see what was written.
    await store.append_log(PRIVATE, Direction.IN, "canary-8d1f3a")

    on_disk = raw_bytes(settings.bot_db_path)
    assert b"canary-8d1f3a" in on_disk
    assert TOKEN.encode() not in on_disk
    assert b"CLEARTEXT-TOKEN" not in on_disk

    await store.close()
    after_close = raw_bytes(settings.bot_db_path)
    assert b"canary-8d1f3a" in after_close
    assert b"CLEARTEXT-TOKEN" not in after_close


async def test_a_ciphertext_moved_to_another_link_does_not_decrypt(
    store: Store, settings: Settings
) -> None:
    first = await link(store, PRIVATE)
    second = await link(store, GROUP, "77")
    await store.store_refresh_token(first.id, "rt-first")
    await store.store_refresh_token(second.id, "rt-second")
    with sqlite3.connect(settings.bot_db_path) as conn:
        conn.execute(
            "UPDATE refresh_tokens SET ciphertext ="
            " (SELECT ciphertext FROM refresh_tokens WHERE link_id = ?) WHERE link_id = ?",
            (first.id, second.id),
        )
    with pytest.raises(TokenDecryptError):
        await store.get_refresh_token(second.id)


async def test_tokens_survive_a_restart_with_the_key_file_but_not_another_key(
    settings: Settings, clock
) -> None:
    store = await open_store(settings, clock)
    created = await link(store, PRIVATE)
    await store.store_refresh_token(created.id, "rt-kept")
    await store.close()

    reopened = await open_store(settings, clock)
    try:
        kept = await reopened.get_refresh_token(created.id)
        assert kept is not None and kept.token == "rt-kept"
    finally:
        await reopened.close()

    other_key = settings.model_copy(update={"token_key": encode_key(generate_key())})
    wrong = await open_store(other_key, clock)
    try:
        with pytest.raises(TokenDecryptError, match="another key"):
            await wrong.get_refresh_token(created.id)
    finally:
        await wrong.close()
