"""Button payloads within 64 bytes, bound to the member who was shown them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.channels.telegram.callback_data import CallbackCodec
from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.models import ChatKey

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")


async def test_short_payloads_travel_as_they_are_long_ones_by_reference(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    store = await open_store(Settings(data_dir=tmp_path), clock)
    try:
        codec = CallbackCodec(store, clock)
        group = ChatKey("telegram", "-100555")
        anna, peter = group.member("1001"), group.member("1002")
        assert await codec.encode(anna, "abc123:1") == "abc123:1"

        long_payload = "x" * 200
        data = await codec.encode(anna, long_payload)
        assert len(data.encode()) <= 64 and data.startswith("~")
        assert await codec.decode(anna, data) == long_payload
        assert await codec.decode(peter, data) is None
        clock.advance(minutes=31)
        assert await codec.decode(anna, data) is None
        # A payload that looks like a reference is never taken for one.
        tricky = await codec.encode(anna, "~abc")
        assert tricky != "~abc" and await codec.decode(anna, tricky) == "~abc"
    finally:
        await store.close()
