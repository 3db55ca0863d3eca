"""The evening summary's settings in natural words reach the chat's preferences."""

from __future__ import annotations

from pathlib import Path

from bot.testing.conversation import BotHarness


async def test_the_chat_gets_it(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now="2026-11-26T07:30:00+01:00") as bot:
        anna = await bot.chat("anna")
        said = await anna.say("kan kvällssammanfattningen komma kl 20 i stället?")
        assert "20:00" in said.text and "sammanfattning" in said.text
        said = await anna.say("stäng av sammanfattningen")
        assert "sammanfattning på" in said.text
