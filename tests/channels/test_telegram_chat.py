"""Errands over Telegram, end to end: buttons, flood limits, blocked chats, groups, webhooks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp

from bot.channels.telegram.webhook import SECRET_HEADER
from bot.conversation.types import Reply
from bot.push.delivery import DeliveryStatus
from bot.storage.models import ChatKey
from bot.web.server import WebServer
from tests.channels.support import TelegramBot, browse, start_code, url_button

ANNA = 1001
PETER = 1002
GROUP = -100555
ANNA_ID, PETER_ID = ANNA, PETER


async def test_an_absence_reported_through_buttons(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA)
        [question] = await bot.say(ANNA, "Elsa är sjuk idag")
        asked, buttons = question.text, question.buttons
        assert "Elsa" in asked
        assert [label for label, _ in buttons[0]] == ["Ja", "Nej"]
        assert all(len(data.encode()) <= 64 for row in question.buttons for _, data in row if data)

        query = await bot.press(ANNA, "Ja")
        await bot.fake.wait_for(ANNA, lambda _: bot.fake.last(ANNA).edited)
        answered = bot.fake.last(ANNA)
        # The question's own message now shows the outcome, without buttons.
        assert answered.message_id == question.message_id
        assert "Elsa" in answered.text and answered.text != asked
        assert answered.edits[0].text == asked
        assert not answered.buttons
        assert bot.fake.callback_answer(query) is not None
        absences = bot.app.sandbox.state()["absences"]  # type: ignore[union-attr]
        assert [(a["child"], a["date"]) for a in absences] == [("Elsa", "2026-11-26")]

        # The same button pressed again is refused, and nothing more is reported.
        bot.fake.push_callback(ANNA, question.message_id, buttons[0][0][1] or "")
        messages = await bot.fake.wait_for(ANNA, lambda m: not m[-1].edited)
        late = messages[-1]
        assert "redan svarat" in late.text or "gått ut" in late.text
        assert len(bot.app.sandbox.state()["absences"]) == 1  # type: ignore[union-attr]


async def test_a_typed_answer_also_edits_the_question(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA)
        [question] = await bot.say(ANNA, "Elsa är sjuk idag")
        bot.fake.push_text(ANNA, "nej")
        await bot.fake.wait_for(ANNA, lambda _: bot.fake.transcript(ANNA)[-1].edited)
        assert bot.fake.last(ANNA).message_id == question.message_id
        assert bot.app.sandbox.state()["absences"] == []  # type: ignore[union-attr]


async def test_a_429_during_a_reply_pauses_only_that_chat(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA)
        await bot.link_private_chat(PETER, "peter")
        await bot.deliver_notices()
        bot.time.advance(5)  # past each chat's one-a-second spacing after the notices
        bot.time.hold()
        slept = len(bot.time.sleeps)
        bot.fake.fail_next("sendMessage", 429, retry_after=7, chat_id=ANNA)
        before_anna = len(bot.fake.transcript(ANNA))
        bot.fake.push_text(ANNA, "hjälp")
        await bot.time.until_sleeping(slept + 1)
        assert bot.fake.count("sendMessage", ANNA, status=429) == 1
        assert bot.channel.sender.limiter.delay(ANNA) == 7

        # Peter's chat is not held up by Anna's pause.
        [reply] = await bot.say(PETER, "hjälp")
        assert "Jag kan hjälpa dig" in reply.text
        assert len(bot.fake.transcript(ANNA)) == before_anna

        # Once Telegram's wait is over, Anna's reply goes out, once.
        bot.time.advance(7)
        messages = await bot.fake.wait_for(ANNA, before_anna + 1)
        assert "Jag kan hjälpa dig" in messages[-1].text
        assert bot.time.sleeps[slept:] == [7]


async def test_a_long_retry_after_hands_the_reply_to_the_outbox(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA)
        await bot.deliver_notices()
        bot.fake.fail_next("sendMessage", 429, retry_after=120, chat_id=ANNA)
        bot.fake.push_text(ANNA, "hjälp")
        chat = ChatKey("telegram", str(ANNA))
        for _ in range(200):
            waiting = await bot.app.store.list_outbox(chat)
            if any(item.payload.get("kind") == "reply" for item in waiting):
                break
            await asyncio.sleep(0.01)
        [item] = [i for i in waiting if i.payload.get("kind") == "reply"]
        assert "Jag kan hjälpa dig" in item.payload["text"]
        # The outbox's attempt while the chat is still paused is told to wait.
        delivery = await bot.channel.sender.send(chat, dict(item.payload))
        assert delivery.status == DeliveryStatus.RETRY_AFTER and delivery.retry_after
        bot.time.advance(121)
        delivery = await bot.channel.sender.send(chat, dict(item.payload))
        assert delivery.status == DeliveryStatus.SENT
        assert "Jag kan hjälpa dig" in bot.fake.last(ANNA).text


async def test_a_blocked_chat_marks_the_link_inactive(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA)
        await bot.deliver_notices()
        member = bot.member(ANNA)
        bot.fake.block_chat(ANNA)
        # An outbox message (an alert, a summary) finds the chat gone.
        delivery = await bot.channel.sender.send(member.chat, {"text": "Påminnelse"})
        assert delivery.status == DeliveryStatus.PERMANENT
        link = await bot.app.store.get_link(member)
        assert link is not None and not link.active
        assert bot.fake.count("sendMessage", ANNA, status=403) == 1

        # The person unblocks and writes again: the chat is reachable and linked again.
        bot.fake.unblock_chat(ANNA)
        [reply] = await bot.say(ANNA, "hjälp")
        assert "Jag kan hjälpa dig" in reply.text
        link = await bot.app.store.get_link(member)
        assert link is not None and link.active

        # Blocked again while a reply is on its way: inactive again, nothing retried.
        bot.fake.block_chat(ANNA)
        bot.fake.push_text(ANNA, "hjälp")
        await bot.fake.wait_for_call("sendMessage", 2, chat_id=ANNA)
        for _ in range(200):
            link = await bot.app.store.get_link(member)
            if link is not None and not link.active:
                break
            await asyncio.sleep(0.01)
        assert link is not None and not link.active
        assert bot.fake.count("sendMessage", ANNA, status=403) == 2


async def test_a_group_with_one_linked_and_one_unlinked_member(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        in_group: dict[str, Any] = {"chat_type": "supergroup", "group_title": "Familjen"}
        # Anna writes in the group: no link page in front of the group, a way to a private chat.
        [welcome] = await bot.say(GROUP, "hej", user_id=ANNA_ID, first_name="Anna", **in_group)
        invite = url_button(welcome)
        assert invite.startswith("https://t.me/hubbot_test_bot?start=")
        assert "/link/" not in welcome.text

        # Peter cannot use Anna's invitation in his own private chat.
        [refused] = await bot.say(PETER, f"/start {start_code(invite)}")
        assert "annan" in refused.text

        # Anna opens it: her private chat gets the link button for her place in the group.
        [offer] = await bot.say(ANNA, f"/start {start_code(invite)}")
        page = await browse(url_button(offer), login="anna")
        assert page.status == 200
        group_member = bot.member(GROUP, ANNA_ID)
        assert await bot.app.store.get_link(group_member) is None
        # Her private chat sends the page's code: her place in the group is linked.
        [back] = await bot.say(ANNA, f"/start {start_code(page.link('redeem'))}")
        assert "gruppen" in back.text
        assert await bot.app.store.get_link(group_member) is not None
        assert await bot.app.store.get_link(bot.member(ANNA)) is None

        # In the group (addressing the bot, as privacy mode asks), Anna's errands answer
        # with her family's data…
        [news] = await bot.say(
            GROUP, "@hubbot_test_bot nyheter", user_id=ANNA_ID, first_name="Anna", **in_group
        )
        assert "Nils" in news.text or "Elsa" in news.text
        # …while Peter, not linked, sees none of it.
        [peter] = await bot.say(GROUP, "nyheter", user_id=PETER_ID, first_name="Peter", **in_group)
        assert "Nils" not in peter.text and "Elsa" not in peter.text
        assert "privat" in peter.text
        # Peter pressing Anna's buttons is refused as well.
        bot.fake.press(GROUP, news.button_labels[0], user_id=PETER_ID)
        messages = await bot.fake.wait_for(GROUP, lambda m: len(m) > 0 and m[-1] is not peter)
        assert "Nils" not in messages[-1].text and "Elsa" not in messages[-1].text

        # Account errands are for a private chat only, and the group is told so.
        for text in ("logga ut", "/logout", "/kopplingar", "visa Nils betyg"):
            [private] = await bot.say(GROUP, text, user_id=ANNA_ID, first_name="Anna", **in_group)
            assert "privat chatt" in private.text
        assert await bot.app.store.get_link(group_member) is not None


async def test_a_long_reply_is_split_and_escaped(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        text = "\n".join(f"Rad {i}: <b>5 < 7 & 8 > 3</b> 😀" for i in range(400))
        message_id = await bot.channel.sender.reply(bot.member(ANNA), Reply(text))
        parts = bot.fake.transcript(ANNA)
        assert message_id == parts[-1].message_id
        assert len(parts) > 1
        assert all(len(p.text.encode("utf-16-le")) // 2 <= 4096 for p in parts)
        assert "\n".join(p.text for p in parts) == text  # markup shown as typed, not parsed
        assert all(p.entities == [] for p in parts)


async def test_messages_of_one_chat_are_answered_in_order(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA)
        await bot.deliver_notices()
        before = len(bot.fake.transcript(ANNA))
        for text in ("hjälp", "Elsa är sjuk idag", "hjälp"):
            bot.fake.push_text(ANNA, text)
        messages = (await bot.fake.wait_for(ANNA, before + 3))[before:]
        assert "Jag kan hjälpa dig" in messages[0].text
        assert "Elsa" in messages[1].text and messages[1].buttons
        assert "Jag kan hjälpa dig" in messages[2].text


async def test_a_webhook_delivery_with_a_wrong_secret_is_refused(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path, polling=False) as bot:
        secret = "s3cret-token_for-the-hook"
        web_server = WebServer([bot.channel.webhook_routes("/telegram/webhook", secret)])
        base = await web_server.start("127.0.0.1", 0)
        await bot.channel.start_webhook("https://bot.example.org/telegram/webhook")
        try:
            assert bot.fake.webhook_url == "https://bot.example.org/telegram/webhook"
            assert bot.fake.webhook_secret == secret
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 1_795_674_600,
                    "chat": {"id": ANNA, "type": "private", "first_name": "Anna"},
                    "from": {"id": ANNA, "is_bot": False, "first_name": "Anna"},
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                },
            }
            async with aiohttp.ClientSession() as http:
                url = f"{base}/telegram/webhook"
                wrong = await http.post(url, json=update, headers={SECRET_HEADER: "guess"})
                assert wrong.status == 403
                missing = await http.post(url, json=update)
                assert missing.status == 403
                for body in (
                    "{",
                    "[]",
                    '"update"',
                    "42",
                    "{}",
                    '{"update_id": "1"}',
                    '{"update_id": 3, "message": {"chat": 7}}',
                    "\xff\xfe",
                ):
                    garbage = await http.post(url, data=body, headers={SECRET_HEADER: secret})
                    assert garbage.status == 400, body
                    assert "Traceback" not in await garbage.text()
                await asyncio.sleep(0.05)
                assert bot.fake.transcript(ANNA) == []

                right = await http.post(
                    url, data=json.dumps(update), headers={SECRET_HEADER: secret}
                )
                assert right.status == 200
            [welcome] = await bot.fake.wait_for(ANNA, 1)
            assert url_button(welcome)
        finally:
            await web_server.stop()


async def test_webhook_route_needs_a_secret() -> None:
    from bot.channels.telegram.webhook import install_webhook

    try:
        install_webhook(None, "/hook", "")  # type: ignore[arg-type]
    except ValueError:
        return
    raise AssertionError("a webhook without a secret was accepted")
