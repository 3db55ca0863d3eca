from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import ChatKey, DeliveryState

from .conftest import GROUP, OTHER, PRIVATE, START


async def test_enqueue_is_idempotent_on_the_key(store: Store) -> None:
    first = await store.enqueue("news:42:1001", PRIVATE, {"text": "Nyhet"})
    again = await store.enqueue("news:42:1001", PRIVATE, {"text": "Annan"})
    assert first.created and not again.created
    assert again.item == first.item
    assert first.item.state is DeliveryState.PENDING
    assert first.item.next_attempt_at == START
    assert len(await store.list_outbox(PRIVATE)) == 1


async def test_claim_marks_in_flight_and_respects_not_before(store: Store, clock) -> None:
    await store.enqueue("a", PRIVATE, {"n": 1})
    await store.enqueue("b", GROUP, {"n": 2}, not_before=START + timedelta(hours=1))
    claimed = await store.claim_due(10)
    assert [i.idempotency_key for i in claimed] == ["a"]
    assert claimed[0].state is DeliveryState.IN_FLIGHT
    assert claimed[0].attempts == 1
    assert await store.claim_due(10) == []
    clock.advance(hours=1)
    assert [i.idempotency_key for i in await store.claim_due(10)] == ["b"]


async def test_sent_items_keep_only_their_key(store: Store) -> None:
    queued = await store.enqueue("a", PRIVATE, {"text": "Elsa är sjuk"})
    [item] = await store.claim_due(10)
    assert await store.mark_sent(item.id)
    sent = await store.get_outbox_item(item.id)
    assert sent is not None
    assert sent.state is DeliveryState.SENT
    assert sent.payload == {}
    assert not (await store.enqueue("a", PRIVATE, {"text": "again"})).created
    assert not await store.mark_sent(queued.item.id)  # only an in-flight item can be sent


async def test_retry_waits_and_dead_stops(store: Store, clock) -> None:
    await store.enqueue("a", PRIVATE, {})
    [item] = await store.claim_due(10)
    assert await store.mark_retry(item.id, START + timedelta(seconds=30), "RetryAfter 30")
    retried = await store.get_outbox_item(item.id)
    assert retried is not None
    assert (retried.state, retried.last_error) == (DeliveryState.PENDING, "RetryAfter 30")
    assert await store.claim_due(10) == []
    clock.advance(seconds=30)
    [again] = await store.claim_due(10)
    assert again.attempts == 2
    assert await store.mark_dead(again.id, "Forbidden: bot was blocked by the user")
    assert not await store.mark_retry(again.id, START, "late")
    dead = await store.get_outbox_item(again.id)
    assert dead is not None and dead.state is DeliveryState.DEAD
    assert await store.list_outbox(PRIVATE, states=[DeliveryState.DEAD]) == [dead]
    assert await store.list_outbox(PRIVATE, states=[DeliveryState.PENDING]) == []


async def test_a_chat_gets_its_messages_one_at_a_time_in_order(store: Store, clock) -> None:
    for key in ("p1", "p2", "p3"):
        await store.enqueue(key, PRIVATE, {})
    await store.enqueue("g1", GROUP, {})

    first = await store.claim_due(10)
    assert sorted(i.idempotency_key for i in first) == ["g1", "p1"]
    assert await store.claim_due(10) == []  # p2 waits while p1 is in flight

    p1 = next(i for i in first if i.idempotency_key == "p1")
    await store.mark_retry(p1.id, START + timedelta(minutes=1), "timeout")
    assert await store.claim_due(10) == []  # a retrying p1 holds back p2

    clock.advance(minutes=1)
    [p1_again] = await store.claim_due(10)
    assert p1_again.idempotency_key == "p1"
    await store.mark_sent(p1_again.id)
    assert [i.idempotency_key for i in await store.claim_due(10)] == ["p2"]


async def test_a_message_scheduled_for_later_does_not_hold_back_the_chat(store: Store) -> None:
    await store.enqueue("summary-tomorrow", PRIVATE, {}, not_before=START + timedelta(days=1))
    await store.enqueue("alert-now", PRIVATE, {})
    assert [i.idempotency_key for i in await store.claim_due(10)] == ["alert-now"]


async def test_claim_takes_the_earliest_due_up_to_the_limit(store: Store, clock) -> None:
    await store.enqueue("late", PRIVATE, {}, not_before=START + timedelta(minutes=2))
    await store.enqueue("early", GROUP, {}, not_before=START + timedelta(minutes=1))
    await store.enqueue("now", OTHER, {})
    clock.advance(minutes=5)
    assert [i.idempotency_key for i in await store.claim_due(2)] == ["now", "early"]


async def test_after_a_crash_only_in_flight_items_are_sent_again(
    settings: Settings, clock
) -> None:
    store = await open_store(settings, clock)
    for key, chat in (("a", PRIVATE), ("b", GROUP), ("c", OTHER)):
        await store.enqueue(key, chat, {"k": key})
    claimed = await store.claim_due(2)
    await store.mark_sent(claimed[0].id)
    crashed_on = claimed[1]
    await store.close()  # the process dies with one item in flight

    restarted = await open_store(settings, clock)
    try:
        assert await restarted.requeue_in_flight() == 1
        again = await restarted.claim_due(10)
        assert sorted(i.idempotency_key for i in again) == sorted(
            [crashed_on.idempotency_key, "c"]
        )
        resent = next(i for i in again if i.id == crashed_on.id)
        assert resent.attempts == 2
        assert resent.payload == {"k": crashed_on.idempotency_key}
    finally:
        await restarted.close()


async def test_requeue_can_leave_fresh_claims_to_their_process(store: Store, clock) -> None:
    await store.enqueue("old", PRIVATE, {})
    await store.claim_due(10)
    clock.advance(minutes=10)
    await store.enqueue("fresh", GROUP, {})
    await store.claim_due(10)
    assert await store.requeue_in_flight(claimed_before=clock.now() - timedelta(minutes=5)) == 1
    assert [i.idempotency_key for i in await store.claim_due(10)] == ["old"]


async def test_two_processes_never_claim_the_same_item(settings: Settings, clock) -> None:
    one = await open_store(settings, clock)
    two = await open_store(settings, clock)
    try:
        for n in range(20):
            await one.enqueue(f"k{n}", ChatKey("telegram", str(n)), {})
        batches = await asyncio.gather(*(s.claim_due(3) for s in (one, two) for _ in range(5)))
        ids = [i.id for batch in batches for i in batch]
        assert len(ids) == len(set(ids)) == 20
    finally:
        await one.close()
        await two.close()


async def test_a_channel_can_claim_just_its_own_chat(store: Store) -> None:
    await store.enqueue("p1", PRIVATE, {})
    await store.enqueue("p2", PRIVATE, {})
    await store.enqueue("g1", GROUP, {})
    [first] = await store.claim_due(10, chat=PRIVATE)
    assert first.idempotency_key == "p1"
    await store.mark_sent(first.id)
    assert [i.idempotency_key for i in await store.claim_due(10, chat=PRIVATE)] == ["p2"]
    assert [i.idempotency_key for i in await store.claim_due(10)] == ["g1"]
