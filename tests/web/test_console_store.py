"""The console's storage part: what the database holds, and what it refuses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import STOCKHOLM, ManualClock
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import ChatKey, DeliveryState, Direction, StaffRole

START = datetime(2026, 11, 26, 9, 0, tzinfo=STOCKHOLM)
CHAT = ChatKey("telegram", "1001")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def store(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Store]:
    opened = await open_store(Settings(data_dir=tmp_path, _env_file=None), clock)
    yield opened
    await opened.close()


def raw(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("hubbot.db"))


async def test_sessions_keep_neither_the_cookie_value_nor_the_token_in_clear(
    store: Store, tmp_path: Path
) -> None:
    session_id, _ = await store.create_staff_session(
        login="support",
        display_name="Kim",
        role=StaffRole.SUPPORT,
        municipality="vanersborg",
        hub_token="hub-staff-token-SECRET",
    )
    found = await store.get_staff_session(
        session_id, idle=timedelta(minutes=20), max_age=timedelta(hours=12)
    )
    assert found is not None and found.hub_token == "hub-staff-token-SECRET"
    await store.close()
    on_disk = raw(tmp_path)
    assert session_id.encode() not in on_disk
    assert b"hub-staff-token-SECRET" not in on_disk


async def test_an_idle_or_old_session_is_gone(store: Store, clock: ManualClock) -> None:
    idle, max_age = timedelta(minutes=20), timedelta(hours=12)
    sid, _ = await store.create_staff_session(
        login="support",
        display_name="Kim",
        role=StaffRole.SUPPORT,
        municipality="v",
        hub_token=None,
    )
    for _ in range(40):  # busy all day: idle never reached, the age limit is
        clock.advance(minutes=19)
        if await store.get_staff_session(sid, idle=idle, max_age=max_age) is None:
            break
    assert clock.now() - START <= max_age + timedelta(minutes=19)
    assert await store.get_staff_session(sid, idle=idle, max_age=max_age) is None
    other, _ = await store.create_staff_session(
        login="larare",
        display_name="Karin",
        role=StaffRole.TEACHER,
        municipality="v",
        hub_token=None,
    )
    clock.advance(minutes=20)
    assert await store.get_staff_session(other, idle=idle, max_age=max_age) is None


async def test_one_claim_per_chat(store: Store) -> None:
    first = await store.claim_chat(CHAT, staff_login="kim", staff_name="Kim")
    second = await store.claim_chat(CHAT, staff_login="lo", staff_name="Lo")
    assert first.created and not second.created
    assert second.item.staff_login == "kim"
    assert not await store.release_chat(CHAT, staff_login="lo")
    assert await store.release_chat(CHAT, staff_login="kim")
    assert (await store.claim_chat(CHAT, staff_login="lo", staff_name="Lo")).created


async def test_counts_for_news_reach(store: Store) -> None:
    for chat_id in ("1", "2", "3"):
        await store.enqueue(
            f"push:news:news:7:telegram:{chat_id}", ChatKey("telegram", chat_id), {}
        )
    await store.enqueue("push:news:news:70:telegram:4", ChatKey("telegram", "4"), {})
    (item,) = await store.claim_due(1, chat=ChatKey("telegram", "1"))
    await store.mark_sent(item.id)
    counts = await store.count_outbox_chats("push:news:news:7:")
    assert counts[DeliveryState.SENT] == 1 and counts[DeliveryState.PENDING] == 2
    await store.append_log(ChatKey("telegram", "1"), Direction.IN, "läs", flags=["news_opened:7"])
    await store.append_log(ChatKey("telegram", "1"), Direction.IN, "läs", flags=["news_opened:7"])
    await store.append_log(ChatKey("telegram", "2"), Direction.IN, "läs", flags=["news_opened:70"])
    assert await store.count_chats_with_flag("news_opened:7") == 1


async def test_forgetting_a_chat_takes_the_console_rows_but_keeps_the_audit(store: Store) -> None:
    await store.open_ticket(
        CHAT.member(),
        hub_account_id="5001",
        children=[],
        schools=["Nordskolan"],
        last_messages=[],
    )
    await store.claim_chat(CHAT, staff_login="kim", staff_name="Kim")
    await store.set_chat_schools(CHAT, ["Nordskolan"])
    await store.add_audit(actor="kim", role="support", action="view_transcript", chat=CHAT)
    forgotten = await store.forget_chat(CHAT)
    assert (forgotten.tickets, forgotten.takeover_claims, forgotten.chat_facts) == (1, 1, 1)
    assert await store.current_ticket(CHAT) is None and await store.get_claim(CHAT) is None
    assert CHAT not in await store.chat_schools()
    assert len(await store.list_audit()) == 1
