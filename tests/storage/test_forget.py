from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import ChatKey, Direction, Forgotten, Purged

from .conftest import GROUP, OTHER, PRIVATE, START, link, raw_bytes


async def fill(store: Store, chat: ChatKey, member_id: str | None, account: str) -> None:
    """One row of every kind for this member."""
    member = chat.member(member_id)
    created = await link(store, chat, member_id, account=account)
    await store.store_refresh_token(created.id, f"rt-{account}")
    await store.create_link_state(member)
    await store.record_link_failure(chat)
    await store.append_log(chat, Direction.IN, f"hej från {account}", member_id=member.member_id)
    await store.enqueue(f"push:{chat.chat_id}:{member.member_id}", chat, {"t": "x"})
    await store.add_job("filing", {}, run_at=START, chat=chat, member_id=member.member_id)
    await store.put_pending(member, "confirm", {}, expires_at=START + timedelta(minutes=5))
    await store.record_last_write(member, {})


async def test_forgetting_a_chat_takes_everything_of_it_and_nothing_else(store: Store) -> None:
    await fill(store, PRIVATE, None, "u-anna")
    await fill(store, OTHER, None, "u-anna")
    forgotten = await store.forget_chat(PRIVATE)
    assert forgotten == Forgotten(
        links=1,
        tokens=1,
        link_states=1,
        link_failures=1,
        log_entries=1,
        outbox=1,
        jobs=1,
        pending=1,
        last_writes=1,
    )
    assert forgotten.total == 9
    assert await store.list_links_for_chat(PRIVATE, active_only=False) == []
    assert await store.list_log(PRIVATE) == []
    assert await store.list_outbox(PRIVATE) == []
    assert await store.list_jobs(chat=PRIVATE) == []
    assert await store.get_pending(PRIVATE.member(), "confirm") is None
    assert await store.take_last_write(PRIVATE.member(), not_before=START) is None
    # The other chat of the same account is untouched.
    assert len(await store.list_links_for_chat(OTHER)) == 1
    assert len(await store.list_log(OTHER)) == 1
    assert await store.forget_chat(PRIVATE) == Forgotten()


async def test_forgetting_a_group_member_leaves_the_others(store: Store) -> None:
    await fill(store, GROUP, "11", "u-anna")
    await fill(store, GROUP, "22", "u-peter")
    forgotten = await store.forget_member(GROUP.member("11"))
    assert (forgotten.links, forgotten.tokens, forgotten.log_entries, forgotten.jobs) == (
        1,
        1,
        1,
        1,
    )
    assert (forgotten.pending, forgotten.last_writes, forgotten.link_states) == (1, 1, 1)
    # The group's own rows are the group's.
    assert (forgotten.outbox, forgotten.link_failures) == (0, 0)
    [left] = await store.list_links_for_chat(GROUP)
    assert left.hub_account_id == "u-peter"
    assert await store.get_refresh_token(left.id) is not None
    assert [e.member_id for e in await store.list_log(GROUP)] == ["22"]


async def test_forgetting_an_account_reaches_every_chat(store: Store) -> None:
    await fill(store, PRIVATE, None, "u-anna")
    await fill(store, GROUP, "11", "u-anna")
    await fill(store, GROUP, "22", "u-peter")
    forgotten = await store.forget_account("u-anna")
    assert forgotten.links == 2 and forgotten.tokens == 2
    assert forgotten.outbox == 1  # the private chat's, not the group's
    assert await store.list_links_for_account("u-anna", active_only=False) == []
    assert await store.list_log(PRIVATE) == []
    assert [x.hub_account_id for x in await store.list_links()] == ["u-peter"]


async def test_forgotten_words_leave_the_files_on_disk(store: Store, settings: Settings) -> None:
    await link(store, PRIVATE)
    await store.append_log(PRIVATE, Direction.IN, "forget-me-canary-51c2")
    assert b"forget-me-canary-51c2" in raw_bytes(settings.bot_db_path)
    await store.forget_chat(PRIVATE)
    assert b"forget-me-canary-51c2" not in raw_bytes(settings.bot_db_path)


async def test_housekeeping_drops_what_is_stale_only(store: Store, clock) -> None:
    member = PRIVATE.member()
    await store.create_link_state(member)
    await store.record_link_failure(PRIVATE)
    await store.put_pending(member, "confirm", {}, expires_at=START + timedelta(minutes=5))
    await store.record_last_write(member, {})
    await store.enqueue("sent", PRIVATE, {})
    [item] = await store.claim_due(1)
    await store.mark_sent(item.id)
    await store.enqueue("waiting", GROUP, {}, not_before=START + timedelta(days=30))
    done = (await store.add_job("x", {}, run_at=START)).item
    await store.claim_due_jobs(1)
    await store.complete_job(done.id)
    await store.add_job("later", {}, run_at=START + timedelta(days=30))

    assert await store.purge_expired(finished_before=START) == Purged()

    clock.advance(days=8)
    week_ago = clock.now() - timedelta(days=7)
    purged = await store.purge_expired(finished_before=week_ago)
    assert purged == Purged(
        link_states=1, link_failures=1, pending=1, last_writes=1, outbox=1, jobs=1
    )
    assert [i.idempotency_key for i in await store.list_outbox(GROUP)] == ["waiting"]
    assert [j.kind for j in await store.list_jobs()] == ["later"]
