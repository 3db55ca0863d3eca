"""One-time link codes in the store: single use, ten minutes, nothing readable on disk."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import (
    Language,
    LinkGrant,
    Role,
    StateRejected,
    StateRejection,
)

from .conftest import GROUP, raw_bytes

CODE = "Zq3v-long-one-time-code-AbCdEf012"
SHORT = "K7M4P9QX"


def grant(**changes: object) -> LinkGrant:
    values: dict[str, object] = {
        "hub_account_id": "u-anna",
        "role": Role.GUARDIAN,
        "language": Language("en"),
        "login_hint": "Anna",
        "refresh_token": "refresh-token-secret-value",
    }
    values.update(changes)
    return LinkGrant(**values)  # type: ignore[arg-type]


def reason(result: LinkGrant | StateRejected) -> StateRejection | None:
    return result.reason if isinstance(result, StateRejected) else None


async def test_a_code_gives_its_grant_once(store: Store, clock: ManualClock) -> None:
    expires = await store.create_link_code(grant(target=GROUP.member("11")), code=CODE)
    assert expires == clock.now() + timedelta(minutes=10)
    used = await store.consume_link_code(CODE)
    assert used == grant(target=GROUP.member("11"))
    assert reason(await store.consume_link_code(CODE)) is StateRejection.USED
    assert reason(await store.consume_link_code("no-such-code")) is StateRejection.UNKNOWN


async def test_either_form_uses_the_one_grant(store: Store) -> None:
    await store.create_link_code(grant(), code=CODE, short_code=SHORT)
    assert isinstance(await store.consume_link_code(SHORT), LinkGrant)
    assert reason(await store.consume_link_code(CODE)) is StateRejection.USED


async def test_a_code_expires_after_ten_minutes(store: Store, clock: ManualClock) -> None:
    await store.create_link_code(grant(), code=CODE)
    clock.advance(minutes=10)
    assert reason(await store.consume_link_code(CODE)) is StateRejection.EXPIRED


async def test_two_chats_racing_for_one_code_one_wins(store: Store) -> None:
    await store.create_link_code(grant(), code=CODE)
    results = await asyncio.gather(*(store.consume_link_code(CODE) for _ in range(5)))
    assert sum(isinstance(r, LinkGrant) for r in results) == 1


async def test_neither_code_nor_token_is_on_disk(store: Store, settings: Settings) -> None:
    await store.create_link_code(grant(), code=CODE, short_code=SHORT)
    disk = raw_bytes(settings.bot_db_path)
    for secret in (CODE, SHORT, "refresh-token-secret-value"):
        assert secret.encode() not in disk
    await store.consume_link_code(CODE)
    # Used: the encrypted token is gone from the row as well.
    rows = await store._db.all("SELECT ciphertext FROM link_codes")  # type: ignore[attr-defined]
    assert [row[0] for row in rows] == [None]


async def test_forgetting_a_group_member_takes_codes_made_for_them(store: Store) -> None:
    await store.create_link_code(grant(target=GROUP.member("11")), code=CODE)
    await store.forget_member(GROUP.member("11"))
    assert reason(await store.consume_link_code(CODE)) is StateRejection.UNKNOWN
