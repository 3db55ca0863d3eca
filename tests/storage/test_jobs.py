from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import JobState

from .conftest import GROUP, PRIVATE, START


async def test_add_is_idempotent_on_the_key(store: Store) -> None:
    first = await store.add_job(
        "file_absence",
        {"child": "p-elsa", "date": "2026-11-30"},
        run_at=START + timedelta(days=3),
        idempotency_key="absence:p-elsa:2026-11-30",
        chat=PRIVATE,
        member_id="1001",
    )
    again = await store.add_job(
        "file_absence", {}, run_at=START, idempotency_key="absence:p-elsa:2026-11-30"
    )
    assert first.created and not again.created
    assert again.item == first.item
    job = first.item
    assert (job.state, job.attempts, job.chat, job.member_id) == (
        JobState.PENDING,
        0,
        PRIVATE,
        "1001",
    )
    assert await store.get_job(job.id) == job


async def test_jobs_without_a_key_or_chat_are_fine(store: Store) -> None:
    a = await store.add_job("sweep", {}, run_at=START)
    b = await store.add_job("sweep", {}, run_at=START)
    assert a.created and b.created and a.item.id != b.item.id
    assert a.item.chat is None


async def test_claim_takes_due_jobs_of_the_wanted_kinds(store: Store, clock) -> None:
    await store.add_job("hub_errand", {"n": 1}, run_at=START)
    await store.add_job("summary", {"n": 2}, run_at=START - timedelta(minutes=1))
    await store.add_job("hub_errand", {"n": 3}, run_at=START + timedelta(hours=10))

    assert [j.payload["n"] for j in await store.claim_due_jobs(10, kinds=["hub_errand"])] == [1]
    assert await store.claim_due_jobs(10, kinds=[]) == []
    [summary] = await store.claim_due_jobs(10)
    assert (summary.payload["n"], summary.state, summary.attempts) == (2, JobState.RUNNING, 1)
    assert await store.claim_due_jobs(10) == []
    assert [
        j.payload["n"] for j in await store.claim_due_jobs(10, now=START + timedelta(hours=10))
    ] == [3]


async def test_complete_only_from_running(store: Store) -> None:
    job = (await store.add_job("x", {}, run_at=START)).item
    assert not await store.complete_job(job.id)
    await store.claim_due_jobs(1)
    assert await store.complete_job(job.id)
    done = await store.get_job(job.id)
    assert done is not None and done.state is JobState.DONE


async def test_failures_back_off_then_give_up(store: Store, clock) -> None:
    job = (await store.add_job("hub_errand", {}, run_at=START, max_attempts=3)).item

    await store.claim_due_jobs(1)
    first = await store.fail_job(job.id, "hub down")
    assert first is not None
    assert (first.state, first.run_at, first.last_error) == (
        JobState.PENDING,
        START + timedelta(seconds=30),
        "hub down",
    )

    clock.advance(seconds=30)
    await store.claim_due_jobs(1)
    second = await store.fail_job(job.id, "hub down")
    assert second is not None and second.run_at == clock.now() + timedelta(seconds=60)

    clock.advance(seconds=60)
    await store.claim_due_jobs(1)
    last = await store.fail_job(job.id, "hub down")
    assert last is not None and last.state is JobState.FAILED and last.attempts == 3
    assert await store.fail_job(job.id, "again") is None  # not running any more


async def test_a_failure_can_name_its_retry_time_or_give_up(store: Store) -> None:
    job = (await store.add_job("x", {}, run_at=START)).item
    await store.claim_due_jobs(1)
    retry = await store.fail_job(job.id, "429", retry_at=START + timedelta(minutes=7))
    assert retry is not None and retry.run_at == START + timedelta(minutes=7)

    other = (await store.add_job("y", {}, run_at=START)).item
    await store.claim_due_jobs(1, kinds=["y"])
    gone = await store.fail_job(other.id, "LOCKED", give_up=True)
    assert gone is not None and gone.state is JobState.FAILED


async def test_cancel_only_while_pending(store: Store) -> None:
    waiting = (await store.add_job("x", {}, run_at=START + timedelta(days=2))).item
    assert await store.cancel_job(waiting.id)
    assert not await store.cancel_job(waiting.id)
    running = (await store.add_job("y", {}, run_at=START)).item
    await store.claim_due_jobs(1)
    assert not await store.cancel_job(running.id)


async def test_list_by_chat_kind_and_state(store: Store) -> None:
    later = START + timedelta(days=2)
    a = (await store.add_job("filing", {}, run_at=later, chat=PRIVATE)).item
    b = (await store.add_job("filing", {}, run_at=START, chat=PRIVATE)).item
    c = (await store.add_job("summary", {}, run_at=START, chat=PRIVATE)).item
    d = (await store.add_job("filing", {}, run_at=START, chat=GROUP)).item
    await store.cancel_job(c.id)

    assert [j.id for j in await store.list_jobs(chat=PRIVATE)] == [b.id, a.id]
    assert [j.id for j in await store.list_jobs(kind="filing")] == [b.id, d.id, a.id]
    assert [j.id for j in await store.list_jobs(chat=PRIVATE, kind="filing")] == [b.id, a.id]
    assert [j.id for j in await store.list_jobs(states=[JobState.CANCELLED])] == [c.id]
    assert await store.list_jobs(states=[]) == []
    assert await store.delete_jobs_for_chat(PRIVATE) == 3
    assert [j.id for j in await store.list_jobs()] == [d.id]


async def test_running_jobs_return_after_a_crash(settings: Settings, clock) -> None:
    store = await open_store(settings, clock)
    retry = (await store.add_job("x", {}, run_at=START)).item
    last = (await store.add_job("y", {}, run_at=START, max_attempts=1)).item
    await store.claim_due_jobs(10)
    await store.close()

    restarted = await open_store(settings, clock)
    try:
        assert await restarted.requeue_running_jobs() == 2
        back = await restarted.get_job(retry.id)
        assert back is not None and back.state is JobState.PENDING
        # It used its only attempt and took the process down: it stays down.
        poison = await restarted.get_job(last.id)
        assert poison is not None and poison.state is JobState.FAILED
        assert [j.id for j in await restarted.claim_due_jobs(10)] == [retry.id]
    finally:
        await restarted.close()


async def test_requeue_can_spare_fresh_claims(store: Store, clock) -> None:
    old = (await store.add_job("x", {}, run_at=START)).item
    await store.claim_due_jobs(10)
    clock.advance(minutes=10)
    await store.add_job("x", {}, run_at=clock.now())
    await store.claim_due_jobs(10)
    assert await store.requeue_running_jobs(claimed_before=clock.now() - timedelta(minutes=5)) == 1
    assert [j.id for j in await store.list_jobs(states=[JobState.PENDING])] == [old.id]
