"""The push side's rows in the store: facts, baselines, cursors, daily alerts, reports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import STOCKHOLM, ManualClock
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import ChatKey, Language, Role

START = datetime(2026, 11, 26, 9, 0, tzinfo=STOCKHOLM)
TG, TERMINAL = ChatKey("telegram", "1001"), ChatKey("terminal", "anna")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def store(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Store]:
    opened = await open_store(Settings(data_dir=tmp_path, _env_file=None), clock)
    yield opened
    await opened.close()


async def test_facts_are_recorded_once(store: Store) -> None:
    assert await store.record_facts(["a", "b"], child_id="c1") == 2
    assert await store.record_facts(["b", "c"]) == 1
    assert await store.seen_facts(["a", "c", "d"]) == {"a", "c"}


async def test_a_childs_baseline_records_its_facts_in_one_go(store: Store) -> None:
    assert await store.baselined_children(["c1", "c2"]) == set()
    await store.baseline_child("c1", ["absence:c1:1:late"])
    await store.baseline_child("c1", [])  # again: no harm
    assert await store.baselined_children(["c1", "c2"]) == {"c1"}
    assert await store.seen_facts(["absence:c1:1:late"]) == {"absence:c1:1:late"}


async def test_the_daily_alert_belongs_to_the_first_fact_and_stays_its(store: Store) -> None:
    day = date(2026, 11, 26)
    assert await store.claim_daily_alert("c1", day, "first") == "first"
    assert await store.claim_daily_alert("c1", day, "second") == "first"
    assert await store.claim_daily_alert("c1", day, "first") == "first"  # a rerun
    assert await store.claim_daily_alert("c1", day + timedelta(days=1), "second") == "second"
    assert await store.claim_daily_alert("c2", day, "other") == "other"


async def test_watch_cursors(store: Store) -> None:
    assert await store.get_watch_cursor("u1") is None
    await store.set_watch_cursor("u1", "2026-11-26 09:00:00.000")
    await store.set_watch_cursor("u1", "2026-11-26 09:00:03.125")
    assert await store.get_watch_cursor("u1") == "2026-11-26 09:00:03.125"


async def test_a_worker_claims_only_its_channels_chats(store: Store) -> None:
    await store.enqueue("t1", TG, {"text": "1"})
    await store.enqueue("t2", TG, {"text": "2"})
    await store.enqueue("x1", TERMINAL, {"text": "x"})
    claimed = await store.claim_due_on(["telegram"], 10)
    assert [i.idempotency_key for i in claimed] == ["t1"]  # one per chat, in order
    assert await store.claim_due_on(["telegram"], 10) == []  # t2 waits behind t1
    await store.mark_sent(claimed[0].id)
    assert [i.idempotency_key for i in await store.claim_due_on(["telegram"], 10)] == ["t2"]
    # The terminal's own message is still there for it to take.
    assert [i.idempotency_key for i in await store.claim_due(10, chat=TERMINAL)] == ["x1"]
    assert await store.claim_due_on([], 10) == []


async def test_forgetting_a_chat_forgets_what_its_summaries_reported(store: Store) -> None:
    await store.upsert_link(
        TG.member(), hub_account_id="u1", role=Role.GUARDIAN, language=Language("sv")
    )
    await store.record_reported(TG, ["summary:2026-11-26", "notice:c1:news-1:"])
    await store.record_reported(TERMINAL, ["summary:2026-11-26"])
    await store.set_watch_cursor("u1", "2026-11-26 09:00:00.000")
    assert await store.reported_in_chat(TG, ["notice:c1:news-1:", "x"]) == {"notice:c1:news-1:"}
    forgotten = await store.forget_account("u1")
    assert forgotten.push_reported == 2 and forgotten.links == 1
    assert await store.reported_in_chat(TG, ["summary:2026-11-26"]) == set()
    assert await store.reported_in_chat(TERMINAL, ["summary:2026-11-26"]) == {"summary:2026-11-26"}
    assert await store.get_watch_cursor("u1") is None


async def test_old_push_rows_are_purged(store: Store, clock: ManualClock) -> None:
    await store.record_facts(["old"])
    await store.record_reported(TG, ["old"])
    await store.claim_daily_alert("c1", date(2026, 11, 26), "old")
    clock.advance(days=61)
    await store.record_facts(["new"])
    assert await store.purge_push_ledger(before=clock.now() - timedelta(days=60)) == 3
    assert await store.seen_facts(["old", "new"]) == {"new"}
