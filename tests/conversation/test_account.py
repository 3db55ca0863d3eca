"""Leaving: "logga ut" revokes and unlinks, "radera mina uppgifter" erases after a yes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.hub.errors import TokenRevoked
from bot.storage.models import ChatKey
from bot.testing.conversation import BotHarness, Chat


async def _token(bot: BotHarness, chat: Chat) -> str:
    member = bot.app.member_of(chat.chat, chat.sender_id)
    link = await bot.app.store.get_link(member)
    assert link is not None
    stored = await bot.app.store.get_refresh_token(link.id)
    assert stored is not None
    return stored.token


async def test_logout_revokes_the_token_and_the_chat_is_welcomed_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("kalender")  # the account's client is in use
        token = await _token(bot, anna)
        said = await anna.say("logga ut")
        assert "Du är utloggad" in said.text
        member = bot.app.member_of(anna.chat, anna.sender_id)
        assert await bot.app.store.get_link(member) is None
        with pytest.raises(TokenRevoked):
            await bot.app.hub.oauth.refresh(token)
        again = await anna.say("kalender")
        urls = [c.url for r in again.replies for c in r.choices if c.url]
        assert urls and "/link/" in urls[0]
        assert "Utflykt" not in again.text


async def test_logout_keeps_another_chat_of_the_same_account_working(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        phone = await bot.chat("anna")
        tablet = await bot.chat("anna", chat_id="anna-tablet")
        await phone.say("kalender")
        await phone.say("logga ut")
        said = await tablet.say("kalender")
        assert "Kalendern för" in said.text


async def test_forget_me_after_yes_deletes_everything(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        store = bot.app.store
        anna = await bot.chat("anna")
        member = bot.app.member_of(anna.chat, anna.sender_id)
        chat: ChatKey = member.chat
        await anna.say("kalender")
        await store.add_job(
            "test_later",
            {"what": "a queued errand"},
            run_at=bot.clock.now() + timedelta(days=1),
            chat=chat,
            member_id=member.member_id,
        )
        await bot.app.notify(member, "a notice waiting to be sent")
        token = await _token(bot, anna)

        asked = await anna.say("radera mina uppgifter")
        assert "Ska jag radera allt" in asked.text
        done = await anna.press("Ja, radera")
        assert "allt jag sparade om dig är raderat" in done.text

        assert await store.get_link(member) is None
        assert await store.list_log(chat) == []
        assert await store.list_jobs(chat=chat) == []
        assert await store.list_outbox(chat) == []
        with pytest.raises(TokenRevoked):
            await bot.app.hub.oauth.refresh(token)
        welcome = await anna.say("hej")
        assert any(c.url for r in welcome.replies for c in r.choices)


async def test_forget_me_answered_no_keeps_everything(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        store = bot.app.store
        anna = await bot.chat("anna")
        member = bot.app.member_of(anna.chat, anna.sender_id)
        await anna.say("radera mina uppgifter")
        kept = await anna.press("Nej")
        assert "inget raderades" in kept.text
        assert await store.get_link(member) is not None
        assert len(await store.list_log(member.chat)) >= 4
        said = await anna.say("kalender")
        assert "Kalendern för" in said.text
