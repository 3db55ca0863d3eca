"""GDPR article 15: "vad har du sparat om mig" gives a copy of everything kept about the chat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.handlers.account.my_data import PART_SIZE, parts
from bot.storage.models import Direction
from bot.testing.conversation import BotHarness

NOW = "2026-11-26T07:30:00+01:00"


async def test_the_summary_and_the_whole_copy_in_swedish(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är hemma på tisdag, ring 070-123 45 67")
        await anna.press("Ja")  # a filing queued for Monday evening
        said = await anna.say("Vad har du sparat om mig?")
        assert said.text.startswith("Det här är allt jag sparar om dig i den här chatten:")
        assert "• Samtalsloggen" in said.text
        assert "• Ärenden som väntar på att göras senare: 1" in said.text
        assert "• Din inloggning i Hubben" in said.text
        assert "som vårdnadshavare" in said.text and "personnummer" in said.text
        assert said.choices == ["Visa hela kopian"]

        whole = await anna.press("Visa hela kopian")
        assert whole.replies[0].text.startswith("Hela kopian")
        copy = json.loads("\n".join(r.text for r in whole.replies[1:]))
        member = bot.app.member_of(anna.chat, anna.sender_id)
        now = json.loads(json.dumps(await bot.app.store.export_member(member), default=str))
        assert set(copy) == set(now)
        # Everything but the log as it is now; the log then, which has grown since.
        assert {k: v for k, v in copy.items() if k != "conversation_log"} == {
            k: v for k, v in now.items() if k != "conversation_log"
        }
        assert copy["conversation_log"] == now["conversation_log"][: len(copy["conversation_log"])]
        logged = [e["text"] for e in copy["conversation_log"]]
        assert any("[telefon]" in text for text in logged)
        assert not any("070-123" in text for text in logged)
        assert copy["jobs"][0]["kind"] == "absence.register"
        assert "refresh" not in json.dumps(copy["refresh_tokens"][0]).replace("refresh token", "")

        # The copy is not copied into the log it comes from.
        entries = await bot.app.store.list_log(member.chat, limit=200)
        assert not any('"conversation_log"' in e.text for e in entries)
        assert any(e.intent == "my_data" for e in entries if e.direction == Direction.IN)


@pytest.mark.parametrize(
    "text", ["what do you store about me", "What do you know about me?", "export my data"]
)
async def test_in_english(tmp_path: Path, text: str) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("settings")  # any message, so the log has a line
        await anna.say("language english")
        said = await anna.say(text)
        assert said.text.startswith("This is everything I keep about you in this chat:"), said.text
        assert said.choices == ["Show the whole copy"]


async def test_only_in_a_private_chat(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        group = await bot.chat("anna", chat_id="family-group", group=True)
        said = await group.say("vad har du sparat om mig")
        assert "privat" in said.text and "Det här är allt" not in said.text


async def test_forget_me_is_unchanged(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("glöm mig")
        assert said.choices == ["Ja, radera", "Nej"]


def test_a_long_copy_is_cut_into_parts_that_join_back() -> None:
    copy = {"conversation_log": [{"text": "x" * 50, "n": n} for n in range(400)]}
    pieces = parts(copy)
    assert len(pieces) > 1 and all(len(p) <= PART_SIZE for p in pieces)
    assert json.loads("\n".join(pieces)) == copy
