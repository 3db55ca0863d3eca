from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import Direction

from .conftest import GROUP, OTHER, PRIVATE, START, raw_bytes


async def test_entries_are_redacted_before_they_are_written(
    store: Store, settings: Settings
) -> None:
    entry = await store.append_log(
        PRIVATE,
        Direction.IN,
        "Elsa 150612-1234 har magsjuka, ring 070-123 45 67",
        member_id="1001",
        intent="report_absence",
        slots={"child": "Elsa", "comment": "mejla anna@example.se", "days": ["2026-11-27"]},
        flags=["confirmed"],
    )
    assert entry.text == "Elsa [personnummer] har [hälsa], ring [telefon]"
    assert entry.slots == {"child": "Elsa", "comment": "mejla [e-post]", "days": ["2026-11-27"]}
    assert entry.flags == ("confirmed",)
    assert entry.intent == "report_absence"
    assert entry.at == START
    on_disk = raw_bytes(settings.bot_db_path)
    assert b"150612-1234" not in on_disk
    assert b"anna@example.se" not in on_disk
    assert b"[personnummer]" in on_disk


async def test_the_parser_can_mark_more_to_hide(store: Store) -> None:
    text = "Nils är hemma, det vet ni varför"
    start = text.index("det vet ni varför")
    entry = await store.append_log(
        PRIVATE, Direction.IN, text, sensitive_spans=[(start, len(text))]
    )
    assert entry.text == "Nils är hemma, [dolt]"


async def test_a_chat_is_listed_newest_first_in_pages(store: Store, clock) -> None:
    for n in range(5):
        await store.append_log(PRIVATE, Direction.IN if n % 2 == 0 else Direction.OUT, f"m{n}")
        clock.advance(seconds=1)
    await store.append_log(GROUP, Direction.IN, "elsewhere")
    page = await store.list_log(PRIVATE, limit=3)
    assert [e.text for e in page] == ["m4", "m3", "m2"]
    assert [e.direction for e in page] == [Direction.IN, Direction.OUT, Direction.IN]
    rest = await store.list_log(PRIVATE, limit=3, before_id=page[-1].id)
    assert [e.text for e in rest] == ["m1", "m0"]
    assert rest[0].slots is None


async def test_chats_are_listed_by_latest_activity(store: Store, clock) -> None:
    await store.append_log(PRIVATE, Direction.IN, "a")
    clock.advance(minutes=1)
    await store.append_log(GROUP, Direction.IN, "b")
    clock.advance(minutes=1)
    await store.append_log(OTHER, Direction.IN, "c")
    clock.advance(minutes=1)
    await store.append_log(PRIVATE, Direction.OUT, "d")
    activity = await store.list_recent_chats()
    assert [a.chat for a in activity] == [PRIVATE, OTHER, GROUP]
    assert activity[0].entries == 2
    assert activity[0].last_at == START + timedelta(minutes=3)
    assert [a.chat for a in await store.list_recent_chats(limit=1)] == [PRIVATE]


async def test_retention_purges_what_is_older_than_the_cutoff(store: Store, clock) -> None:
    await store.append_log(PRIVATE, Direction.IN, "old")
    clock.advance(days=31)
    await store.append_log(PRIVATE, Direction.IN, "new")
    cutoff = clock.now() - timedelta(days=30)
    assert await store.purge_log_older_than(cutoff) == 1
    assert [e.text for e in await store.list_log(PRIVATE)] == ["new"]
    assert await store.purge_log_older_than(cutoff) == 0
