"""Kill the delivering process at any moment: nothing accepted is lost, little is repeated.

A real child process delivers 1,000 pushes to the fake Bot API server in this
process; it is killed with SIGKILL part way and started again. Counting what
each chat received: every message arrived, in order, and at most the one that
was in flight for that chat when the process died arrived twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.models import ChatKey, DeliveryState
from bot.testing import FakeBotApi

from .support import TELEGRAM, enqueue_numbered

SCRIPT = Path(__file__).with_name("outbox_proc.py")
CHATS = [str(8000 + i) for i in range(100)]
PER_CHAT = 10


async def start(data_dir: Path, fake: FakeBotApi, log: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        str(data_dir),
        fake.base_url,
        fake.token,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=log.open("ab"),
        env={**os.environ, "PTB_TIMEDELTA": "true"},
    )


def in_order_once(received: list[str]) -> list[str]:
    """The received texts with an immediate repeat (a resend) folded away."""
    folded: list[str] = []
    for text in received:
        if not folded or folded[-1] != text:
            folded.append(text)
    return folded


async def test_sigkill_during_delivery_loses_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    store = await open_store(settings, SystemClock())
    texts = await enqueue_numbered(store, CHATS, PER_CHAT)
    await store.close()
    log = tmp_path / "worker.log"
    async with FakeBotApi() as fake:
        first = await start(tmp_path, fake, log)
        await fake.wait_for_call("sendMessage", 300, timeout=30)
        first.send_signal(signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        at_kill = sum(fake.received_per_chat().values())
        assert at_kill < len(CHATS) * PER_CHAT, "the kill came after everything was sent"
        second = await start(tmp_path, fake, log)
        assert await asyncio.wait_for(second.wait(), timeout=60) == 0, log.read_text()
        received = fake.received_per_chat()
        repeated = 0
        for chat_id in CHATS:
            got = [m.text for m in fake.transcript(int(chat_id))]
            assert in_order_once(got) == texts[chat_id], chat_id
            assert len(got) - PER_CHAT <= 1, f"chat {chat_id} got {len(got)}"
            repeated += len(got) - PER_CHAT
        assert sum(received.values()) == len(CHATS) * PER_CHAT + repeated
    store = await open_store(settings, SystemClock())
    try:
        for chat_id in CHATS:
            rows = await store.list_outbox(ChatKey(TELEGRAM, chat_id))
            assert {r.state for r in rows} == {DeliveryState.SENT}
    finally:
        await store.close()
