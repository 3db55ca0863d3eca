"""One chat's updates in order, other chats alongside."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.channels.telegram.ordering import PerChatUpdateProcessor


def update(update_id: int, chat_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "text": "x",
            },
        },
        None,
    )


async def test_same_chat_in_order_other_chats_in_parallel() -> None:
    processor = PerChatUpdateProcessor()
    release = asyncio.Event()
    log: list[tuple[str, int]] = []

    async def work(name: str, update_id: int, block: bool) -> None:
        log.append(("start", update_id))
        if block:
            await release.wait()
        log.append(("end", update_id))

    jobs: list[Any] = [
        asyncio.create_task(processor.process_update(update(1, 10), work("a", 1, True))),
        asyncio.create_task(processor.process_update(update(2, 10), work("a", 2, False))),
        asyncio.create_task(processor.process_update(update(3, 20), work("b", 3, False))),
    ]
    for _ in range(10):
        await asyncio.sleep(0)
    # Chat 20 went through while chat 10's first update still waits; chat 10's second waits.
    assert ("end", 3) in log and ("start", 2) not in log
    release.set()
    await asyncio.gather(*jobs)
    assert log.index(("end", 1)) < log.index(("start", 2))
    assert processor.chats_in_flight == 0
