"""The first minutes of a guardian's chat: linking, help, today's overview."""

from __future__ import annotations

from pathlib import Path

from bot.storage.models import Direction
from bot.testing.conversation import BotHarness


async def test_linking_through_the_hub_login_then_help(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        member = bot.app.member_of(anna.chat, anna.sender_id)
        link = await bot.app.store.get_link(member)
        assert link is not None and link.role == "guardian"
        said = await anna.say("hjälp")
        assert "Elsa" in said.text or "Nils" in said.text
        assert "Jag kan hjälpa dig" in said.text


async def test_unlinked_chat_gets_a_link_button_and_no_data(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        stranger = await bot.chat("anna", chat_id="stranger", link=False)
        said = await stranger.say("Elsa är sjuk idag")
        urls = [c.url for r in said.replies for c in r.choices if c.url]
        assert urls and urls[0].startswith(bot.app.web_base_url + "/link/")
        assert "Elsa" not in said.text


async def test_wrong_state_is_refused_and_counted(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        result = await bot.app.linking.login_with_password("made-up-state", "anna", "demo")
        assert not result.ok and result.reason == "unknown"


async def test_log_masks_health_information(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa har feber och stannar hemma idag")
        chat = bot.app.member_of(anna.chat, anna.sender_id).chat
        entries = await bot.app.store.list_log(chat)
        incoming = [e for e in entries if e.direction == Direction.IN]
        assert incoming and "feber" not in incoming[0].text


async def test_a_busy_chat_renews_its_last_seen_stamp_once_a_day(tmp_path: Path) -> None:
    """No store write on every message for what retention needs only by the day."""
    from datetime import timedelta

    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        member = bot.app.member_of(anna.chat, anna.sender_id)
        first = await bot.app.store.get_link(member)
        assert first is not None
        bot.clock.advance(timedelta(hours=2))
        await anna.say("hjälp")
        same = await bot.app.store.get_link(member)
        assert same is not None and same.last_seen_at == first.last_seen_at
        bot.clock.advance(timedelta(days=1))
        await anna.say("hjälp")
        renewed = await bot.app.store.get_link(member)
        assert renewed is not None and renewed.last_seen_at == bot.clock.now()
