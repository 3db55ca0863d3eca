from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import LinkState, StateRejected, StateRejection

from .conftest import GROUP, PRIVATE, START, raw_bytes


def reason(result: LinkState | StateRejected) -> StateRejection | None:
    return result.reason if isinstance(result, StateRejected) else None


async def test_a_state_is_used_once_and_bound_to_the_member(store: Store) -> None:
    state = await store.create_link_state(GROUP.member("11"), context={"lang": "sv"})
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", state)

    used = await store.consume_link_state(state)
    assert isinstance(used, LinkState)
    assert used.member == GROUP.member("11")
    assert used.context == {"lang": "sv"}
    assert used.expires_at - used.created_at == timedelta(minutes=10)
    assert used.created_at == START

    assert reason(await store.consume_link_state(state)) is StateRejection.USED
    assert reason(await store.peek_link_state(state)) is StateRejection.USED


async def test_unknown_and_other_purpose_states_are_unknown(store: Store) -> None:
    assert reason(await store.consume_link_state("made-up")) is StateRejection.UNKNOWN
    state = await store.create_link_state(PRIVATE.member(), purpose="oauth")
    assert reason(await store.consume_link_state(state)) is StateRejection.UNKNOWN
    assert isinstance(await store.consume_link_state(state, purpose="oauth"), LinkState)


async def test_a_state_expires_after_ten_minutes(store: Store, clock) -> None:
    fresh = await store.create_link_state(PRIVATE.member())
    stale = await store.create_link_state(PRIVATE.member())
    clock.advance(minutes=9, seconds=59)
    assert isinstance(await store.consume_link_state(fresh), LinkState)
    clock.advance(seconds=1)
    assert reason(await store.consume_link_state(stale)) is StateRejection.EXPIRED


async def test_a_state_from_another_chat_is_refused_and_not_used_up(store: Store) -> None:
    state = await store.create_link_state(PRIVATE.member())
    wrong = await store.consume_link_state(state, chat=GROUP)
    assert reason(wrong) is StateRejection.WRONG_CHAT
    assert isinstance(await store.consume_link_state(state, chat=PRIVATE), LinkState)


async def test_peeking_does_not_use_it(store: Store) -> None:
    state = await store.create_link_state(PRIVATE.member())
    assert isinstance(await store.peek_link_state(state), LinkState)
    assert isinstance(await store.consume_link_state(state), LinkState)


async def test_racing_consumers_get_it_once(store: Store) -> None:
    state = await store.create_link_state(PRIVATE.member())
    results = await asyncio.gather(*(store.consume_link_state(state) for _ in range(8)))
    assert sum(isinstance(r, LinkState) for r in results) == 1
    assert {reason(r) for r in results} == {None, StateRejection.USED}


async def test_only_a_hash_of_the_state_is_stored(store: Store, settings: Settings) -> None:
    state = await store.create_link_state(PRIVATE.member())
    assert state.encode() not in raw_bytes(settings.bot_db_path)


async def test_link_failures_are_counted_per_chat_within_a_window(store: Store, clock) -> None:
    for _ in range(5):
        await store.record_link_failure(PRIVATE)
        clock.advance(minutes=10)
    await store.record_link_failure(GROUP)
    hour = timedelta(hours=1)
    assert await store.count_recent_link_failures(PRIVATE, hour) == 5
    assert await store.count_recent_link_failures(GROUP, hour) == 1
    clock.advance(minutes=15)  # the first failure is now 65 minutes old
    assert await store.count_recent_link_failures(PRIVATE, hour) == 4
    assert await store.clear_link_failures(PRIVATE) == 5
    assert await store.count_recent_link_failures(PRIVATE, hour) == 0
