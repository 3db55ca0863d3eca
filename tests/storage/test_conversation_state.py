from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store

from .conftest import GROUP, PRIVATE, START

ASK = {"intent": "report_absence", "child": "p-elsa", "day": "2026-11-27"}


async def test_put_get_pop(store: Store) -> None:
    member = PRIVATE.member()
    put = await store.put_pending(member, "confirm", ASK, expires_at=START + timedelta(minutes=15))
    assert (put.value, put.created_at) == (ASK, START)
    assert await store.get_pending(member, "confirm") == put
    assert await store.get_pending(member, "other") is None
    assert await store.get_pending(GROUP.member("1001"), "confirm") is None
    assert await store.pop_pending(member, "confirm") == put
    assert await store.pop_pending(member, "confirm") is None
    assert await store.get_pending(member, "confirm") is None


async def test_a_new_question_replaces_the_old(store: Store) -> None:
    member = GROUP.member("11")
    await store.put_pending(member, "confirm", {"n": 1}, expires_at=START + timedelta(minutes=5))
    await store.put_pending(member, "confirm", {"n": 2}, expires_at=START + timedelta(minutes=5))
    popped = await store.pop_pending(member, "confirm")
    assert popped is not None and popped.value == {"n": 2}


async def test_an_expired_question_is_not_answered(store: Store, clock) -> None:
    member = PRIVATE.member()
    await store.put_pending(member, "confirm", ASK, expires_at=START + timedelta(minutes=5))
    clock.advance(minutes=5)
    assert await store.get_pending(member, "confirm") is None
    assert await store.pop_pending(member, "confirm") is None


async def test_of_racing_answers_exactly_one_takes_it(store: Store) -> None:
    member = PRIVATE.member()
    await store.put_pending(member, "confirm", ASK, expires_at=START + timedelta(minutes=5))
    results = await asyncio.gather(*(store.pop_pending(member, "confirm") for _ in range(10)))
    assert sum(r is not None for r in results) == 1


async def test_of_racing_processes_exactly_one_takes_it(settings: Settings, clock) -> None:
    one = await open_store(settings, clock)
    two = await open_store(settings, clock)
    member = PRIVATE.member()
    try:
        for round_ in range(5):
            await one.put_pending(
                member, "confirm", {"round": round_}, expires_at=START + timedelta(minutes=5)
            )
            results = await asyncio.gather(
                *(s.pop_pending(member, "confirm") for s in (one, two, one, two))
            )
            assert [r.value for r in results if r is not None] == [{"round": round_}]
    finally:
        await one.close()
        await two.close()


async def test_the_last_write_is_undone_once_within_the_window(store: Store, clock) -> None:
    member = PRIVATE.member()
    write = await store.record_last_write(member, {"undo": "present", "day": "2026-11-27"})
    assert write.at == START
    clock.advance(minutes=9)
    window = clock.now() - timedelta(minutes=10)
    assert await store.take_last_write(member, not_before=window) == write
    assert await store.take_last_write(member, not_before=window) is None


async def test_an_old_write_cannot_be_undone(store: Store, clock) -> None:
    member = GROUP.member("11")
    await store.record_last_write(member, {"n": 1})
    clock.advance(minutes=11)
    assert (
        await store.take_last_write(member, not_before=clock.now() - timedelta(minutes=10)) is None
    )


async def test_only_the_latest_write_is_kept_per_member(store: Store, clock) -> None:
    anna, peter = GROUP.member("11"), GROUP.member("22")
    await store.record_last_write(anna, {"n": 1})
    await store.record_last_write(peter, {"n": 2})
    clock.advance(minutes=1)
    await store.record_last_write(anna, {"n": 3})
    taken = await store.take_last_write(anna, not_before=START)
    assert taken is not None and taken.value == {"n": 3}
    other = await store.take_last_write(peter, not_before=START)
    assert other is not None and other.value == {"n": 2}
