"""SMS numbers at rest: encrypted, found by a keyed hash, gone with "glöm mig"."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import SMS_CHANNEL, ChatKey, DeliveryState, Language, Role

from .conftest import raw_bytes

NUMBER = "+46701234567"


async def test_the_number_is_stored_encrypted_and_found_by_its_keyed_hash(
    store: Store, settings: Settings
) -> None:
    row = await store.remember_sms_number(NUMBER)
    assert row.chat_id == store.sms_chat_id(NUMBER)
    assert NUMBER.lstrip("+") not in row.chat_id
    again = await store.get_sms_number(row.chat_id)
    assert again is not None and again.number == NUMBER
    assert NUMBER.encode() not in raw_bytes(settings.bot_db_path)
    assert NUMBER.lstrip("+").encode() not in raw_bytes(settings.bot_db_path)


async def test_another_key_gives_another_hash(store: Store, tmp_path, clock: ManualClock) -> None:
    from bot.storage import open_store

    other = await open_store(Settings(data_dir=tmp_path / "other", _env_file=None), clock)
    try:
        assert other.sms_chat_id(NUMBER) != store.sms_chat_id(NUMBER)
    finally:
        await other.close()


async def test_stop_drops_waiting_pushes_but_not_replies(store: Store) -> None:
    row = await store.remember_sms_number(NUMBER)
    chat = row.chat
    await store.enqueue("alert-1", chat, {"kind": "alert", "text": "Ogiltig frånvaro"})
    await store.enqueue("reply-1", chat, {"kind": "reply", "text": "Klart"})
    assert await store.stop_sms_pushes(row.chat_id) == 1
    states = {i.idempotency_key: i.state for i in await store.list_outbox(chat)}
    assert states == {"alert-1": DeliveryState.DEAD, "reply-1": DeliveryState.PENDING}
    stopped = await store.get_sms_number(row.chat_id)
    assert stopped is not None and stopped.stopped
    assert await store.resume_sms_pushes(row.chat_id)
    resumed = await store.get_sms_number(row.chat_id)
    assert resumed is not None and not resumed.stopped


async def test_an_incoming_id_is_handled_once(store: Store, clock: ManualClock) -> None:
    stale = timedelta(minutes=2)
    assert await store.claim_sms_incoming("s1", stale_after=stale)
    assert not await store.claim_sms_incoming("s1", stale_after=stale)  # being handled
    clock.advance(minutes=5)
    assert await store.claim_sms_incoming("s1", stale_after=stale)  # the handler died
    await store.finish_sms_incoming("s1")
    clock.advance(minutes=5)
    assert not await store.claim_sms_incoming("s1", stale_after=stale)


async def test_delivery_reports_count_failures_once_and_a_delivery_clears_them(
    store: Store,
) -> None:
    row = await store.remember_sms_number(NUMBER)
    for gateway_id in ("g1", "g2", "g3"):
        await store.record_sms_sent(gateway_id, row.chat_id, 2)
    first = await store.apply_sms_report("g1", delivered=False)
    repeat = await store.apply_sms_report("g1", delivered=False)
    second = await store.apply_sms_report("g2", delivered=False)
    assert first is not None and first.failures == 1 and first.changed
    assert repeat is not None and repeat.failures == 1 and not repeat.changed
    assert second is not None and second.failures == 2
    cleared = await store.apply_sms_report("g3", delivered=True)
    assert cleared is not None and cleared.failures == 0
    assert await store.apply_sms_report("unknown", delivered=True) is None
    assert await store.sms_parts_sent(row.chat_id) == 6


async def test_forgetting_the_chat_erases_the_number(store: Store, settings: Settings) -> None:
    row = await store.remember_sms_number(NUMBER)
    await store.record_sms_sent("g1", row.chat_id, 1)
    await store.upsert_link(
        row.chat.member(None), hub_account_id="u-anna", role=Role.GUARDIAN, language=Language("sv")
    )
    copy = await store.export_member(row.chat.member(None))
    assert copy["sms_numbers"][0]["number"] == NUMBER
    forgotten = await store.forget_chat(ChatKey(SMS_CHANNEL, row.chat_id))
    assert forgotten.sms_numbers == 1 and forgotten.links == 1
    assert await store.get_sms_number(row.chat_id) is None
    assert await store.sms_parts_sent(row.chat_id) == 0
