"""The terminal chat shows support's replies and pushes as they come, not after the next line."""

from __future__ import annotations

import asyncio
import io
import os
from datetime import datetime
from pathlib import Path

from bot.app.chat import terminal_port
from bot.channels.terminal import converse, terminal_chat
from bot.storage.models import StaffRole, StaffSession
from bot.testing.conversation import BotHarness
from bot.web.console import takeover

NOW = "2026-11-26T07:30:00+01:00"


def _staff() -> StaffSession:
    moment = datetime.fromisoformat(NOW)
    return StaffSession(
        login="support",
        display_name="Kim Nyberg",
        role=StaffRole.SUPPORT,
        municipality="vanersborg",
        csrf_token="t",
        hub_token=None,
        created_at=moment,
        last_seen_at=moment,
    )


async def _until(out: io.StringIO, fragment: str) -> None:
    """Wait for the terminal to print a fragment (its input is read on a thread)."""
    for _ in range(500):
        if fragment in out.getvalue():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{fragment!r} never shown; the terminal said:\n{out.getvalue()}")


async def test_support_replies_show_while_the_parent_is_not_typing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna", channel="terminal", chat_id="anna")
        assert anna.chat == terminal_chat("anna")
        read_end, write_end = os.pipe()
        with os.fdopen(read_end, "r") as stdin, os.fdopen(write_end, "w") as feed:
            out = io.StringIO()
            # A poll far longer than the test: only the wake-up can show the reply in time.
            talking = asyncio.create_task(
                converse(terminal_port(bot.app), "anna", stdin, out, poll_seconds=3600)
            )
            feed.write("support\n")
            feed.flush()
            await _until(out, "supporten")
            chat = bot.app.member_of(anna.chat, anna.sender_id).chat
            await takeover.claim(bot.app.deps, chat, _staff())
            await _until(out, "En person från supporten har anslutit")
            feed.write("hallå, är någon där?\n")
            feed.flush()
            await _until(out, "Supporten har fått ditt meddelande")
            await takeover.reply(bot.app.deps, chat, _staff(), "Hej Anna, jag är här.")
            await _until(out, "bot: Support: Hej Anna, jag är här.")
            assert "Supporten har fått ditt meddelande" in out.getvalue()
            feed.close()
            assert await asyncio.wait_for(talking, 5) == 0
