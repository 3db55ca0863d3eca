"""The fake Bot API, driven by the real python-telegram-bot over loopback HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.helpers import escape_markdown

from bot.clock import ManualClock
from bot.testing import FakeBotApi, SentMessage

CHAT = 1001
START = datetime(2026, 9, 1, 7, 0, tzinfo=UTC)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(clock=ManualClock(START)) as api:
        yield api


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with fake.bot() as client:
        yield client


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in pairs]]
    )


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- with a real Application -----------------------------------------------------------------


async def test_initialize_calls_get_me_through_base_url(fake: FakeBotApi) -> None:
    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).updater(None).build()
    async with app:
        assert app.bot.username == "hubbot_test_bot"
        assert app.bot.id == int(fake.token.split(":")[0])
    assert fake.count("getMe") == 1


async def test_polling_echo_answers_each_pushed_text_once(fake: FakeBotApi) -> None:
    seen: list[str] = []

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message and update.effective_message.text
        seen.append(update.effective_message.text)
        await update.effective_message.reply_text(f"Du skrev: {update.effective_message.text}")

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message
        await update.effective_message.reply_text("Hej! Jag är Hubbot.")

    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with fake.polling(app):
        fake.push_text(CHAT, "/start")
        await fake.wait_for(CHAT, 1)
        fake.push_text(CHAT, "hej")
        await fake.wait_for(CHAT, 2)
        fake.push_text(CHAT, "igen")
        messages = await fake.wait_for(CHAT, 3)

    assert [m.text for m in messages] == ["Hej! Jag är Hubbot.", "Du skrev: hej", "Du skrev: igen"]
    assert seen == ["hej", "igen"]
    assert fake.count("deleteWebhook") == 1
    assert fake.pending_updates == 0  # the stop-time getUpdates acknowledged the last one


async def test_button_press_reaches_callback_handler_and_answer_is_recorded(
    fake: FakeBotApi,
) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message
        await update.effective_message.reply_text(
            "Är Elsa sjuk idag?", reply_markup=keyboard(("Ja", "sick:yes"), ("Nej", "sick:no"))
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer("Noterat")
        await query.edit_message_text(f"Du valde {query.data}")

    app = fake.application_builder().build()
    app.add_handler(CommandHandler("sjuk", menu))
    app.add_handler(CallbackQueryHandler(pressed))
    async with fake.polling(app):
        fake.push_text(CHAT, "/sjuk")
        await fake.wait_for(CHAT, 1)
        assert fake.buttons(CHAT) == [[("Ja", "sick:yes"), ("Nej", "sick:no")]]
        query_id = fake.press(CHAT, "Ja")

        def edited(messages: list[SentMessage]) -> bool:
            return messages[-1].edited

        await fake.wait_for(CHAT, edited)

    message = fake.last(CHAT)
    assert message.text == "Du valde sick:yes"
    assert message.edits[0].text == "Är Elsa sjuk idag?"
    assert message.buttons == []  # editing text without reply_markup drops the keyboard
    answer = fake.callback_answer(query_id)
    assert answer is not None and answer.text == "Noterat"
    assert fake.count("answerCallbackQuery") == 1


# -- errors surface as PTB's exceptions ------------------------------------------------------


async def test_fail_next_429_surfaces_as_retry_after(
    fake: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake.fail_next("sendmessage", status=429, retry_after=7)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(CHAT, "Hej")
    assert raised.value.retry_after == timedelta(seconds=7)

    await bot.send_message(CHAT, "Hej igen")  # only the next call failed
    assert [m.text for m in fake.transcript(CHAT)] == ["Hej igen"]
    assert fake.throttled == 1


async def test_fail_next_5xx_and_chat_filter(fake: FakeBotApi, bot: Bot) -> None:
    fake.fail_next("sendMessage", status=502, chat_id=CHAT + 1, times=2)
    await bot.send_message(CHAT, "till en annan chatt")
    for _ in range(2):
        with pytest.raises(Exception, match=r"(?i)Bad Gateway"):
            await bot.send_message(CHAT + 1, "Hej")
    await bot.send_message(CHAT + 1, "Hej")
    assert fake.count("sendMessage", CHAT + 1, status=502) == 2


async def test_blocked_chat_surfaces_as_forbidden(fake: FakeBotApi, bot: Bot) -> None:
    fake.block_chat(CHAT)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(CHAT, "Påminnelse")
    fake.unblock_chat(CHAT)
    await bot.send_message(CHAT, "Påminnelse")
    assert fake.received_per_chat() == {CHAT: 1}


async def test_wrong_token_is_invalid_token(fake: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.url}/bot999:wrong/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{fake.url}/botnot-a-token/getMe") as response:
            assert response.status == 404
    with pytest.raises(InvalidToken):
        await Bot("999:wrong", base_url=fake.base_url).initialize()


async def test_unknown_method_answers_telegrams_404(fake: FakeBotApi) -> None:
    url = f"{fake.base_url}{fake.token}/sendPigeon"
    async with aiohttp.ClientSession() as http, http.post(url) as response:
        assert response.status == 404
        assert await response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }


async def test_methods_are_case_insensitive_and_json_bodies_work(fake: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{fake.base_url}{fake.token}/SENDMESSAGE"
        payload = {
            "chat_id": CHAT,
            "text": "123",
            "reply_markup": {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]},
        }
        async with http.post(url, json=payload) as response:
            body = await response.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "123"
    assert fake.buttons(CHAT) == [[("OK", "ok")]]


# -- Telegram's strictness -------------------------------------------------------------------


async def test_text_longer_than_4096_is_rejected(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    await bot.send_message(CHAT, "a" * 4096)
    assert len(fake.transcript(CHAT)) == 1


async def test_callback_data_over_64_bytes_is_rejected(fake: FakeBotApi, bot: Bot) -> None:
    too_long = "å" * 33  # 33 characters but 66 bytes: Telegram counts bytes
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "Välj", reply_markup=keyboard(("Ja", too_long)))
    await bot.send_message(CHAT, "Välj", reply_markup=keyboard(("Ja", "å" * 32)))
    assert fake.buttons(CHAT) == [[("Ja", "å" * 32)]]


async def test_markdown_v2_needs_escaping(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: Character '\.' is reserved"):
        await bot.send_message(CHAT, "Elsa är sjukanmäld.", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match=r"(?i)Can't find end of Bold entity"):
        await bot.send_message(CHAT, "*Elsa", parse_mode=ParseMode.MARKDOWN_V2)

    escaped = escape_markdown("Elsa (7 år) är sjukanmäld 1-2 sep.", version=2)
    message = await bot.send_message(
        CHAT, f"*Klart\\!* {escaped}", parse_mode=ParseMode.MARKDOWN_V2
    )

    assert message.text == "Klart! Elsa (7 år) är sjukanmäld 1-2 sep."
    assert message.entities[0].type == "bold" and message.entities[0].length == 6
    sent = fake.last(CHAT)
    assert sent.text == message.text and sent.raw_text.startswith("*Klart\\!*")


async def test_html_tags_must_balance(fake: FakeBotApi, bot: Bot) -> None:
    for bad in ("<b>Hej", "<b><i>Hej</b></i>", "Rad<br>rad", "1 < 2"):
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(CHAT, bad, parse_mode=ParseMode.HTML)
    message = await bot.send_message(CHAT, "<b>Hej</b> &lt;3", parse_mode=ParseMode.HTML)
    assert message.text == "Hej <3"


async def test_edit_rules(fake: FakeBotApi, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Version 1", reply_markup=keyboard(("A", "a")))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Version 1", CHAT, message.message_id, reply_markup=keyboard(("A", "a"))
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", CHAT, message.message_id + 50)
    user_message = fake.push_text(CHAT, "hej")["message"]["message_id"]
    with pytest.raises(BadRequest, match=r"(?i)can't be edited"):
        await bot.edit_message_text("x", CHAT, user_message)

    await bot.edit_message_reply_markup(
        CHAT, message.message_id, reply_markup=keyboard(("B", "b"))
    )
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(
            CHAT, message.message_id, reply_markup=keyboard(("B", "b"))
        )
    sent = fake.last(CHAT)
    assert sent.buttons == [[("B", "b")]]
    assert [v.buttons for v in sent.edits] == [[[("A", "a")]]]


async def test_callback_query_is_answered_at_most_once(fake: FakeBotApi, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Välj", reply_markup=keyboard(("Ja", "y")))
    query_id = fake.push_callback(CHAT, message.message_id, "y")
    assert fake.callback_answer(query_id) is None
    assert await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("12345")


# -- updates ---------------------------------------------------------------------------------


async def test_offsets_acknowledge_updates(fake: FakeBotApi, bot: Bot) -> None:
    fake.push_text(CHAT, "ett")
    fake.push_text(CHAT, "två")

    first = await bot.get_updates(timeout=0)
    again = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["ett", "två"]
    assert [u.update_id for u in again] == [u.update_id for u in first]  # not acknowledged yet

    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == ()
    assert await bot.get_updates(timeout=0) == ()  # acknowledged for good
    assert fake.pending_updates == 0


async def test_long_poll_is_held_until_an_update_arrives(fake: FakeBotApi, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_for_call("getUpdates")
    assert not poll.done()

    update = fake.push_text(CHAT, "/start", chat_type="private")

    (received,) = await asyncio.wait_for(poll, 5)
    assert received.update_id == update["update_id"]
    assert received.message is not None and received.message.text == "/start"
    assert received.message.entities[0].type == "bot_command"


async def test_a_newer_poll_terminates_the_older_with_conflict(fake: FakeBotApi) -> None:
    async with fake.bot() as first, fake.bot() as second:
        older = asyncio.create_task(first.get_updates(timeout=10))
        await fake.wait_for_call("getUpdates")
        await second.get_updates(timeout=0)
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
            await asyncio.wait_for(older, 5)


async def test_group_commands_and_callback_updates_have_telegrams_shape(
    fake: FakeBotApi, bot: Bot
) -> None:
    pushed = fake.push_text(-100555, "/hjälp@hubbot_test_bot x", chat_type="supergroup")
    assert pushed["message"]["chat"] == {"id": -100555, "type": "supergroup", "title": "Testgrupp"}
    assert pushed["message"]["entities"][0]["length"] == len("/hjälp@hubbot_test_bot")
    sent = await bot.send_message(-100555, "Meny", reply_markup=keyboard(("Ok", "ok")))
    fake.push_callback(-100555, sent.message_id, "ok", user_id=77)

    updates = await bot.get_updates(timeout=0)
    query = updates[-1].callback_query
    assert query is not None and query.from_user.id == 77
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.data == "ok" and query.chat_instance
    assert updates[0].message is not None
    assert updates[0].message.date == START
    with pytest.raises(ValueError, match=r"(?i)must be positive"):
        fake.push_text(-5, "hej")


# -- other methods ---------------------------------------------------------------------------


async def test_commands_are_kept_per_scope_and_language(fake: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("sjuk", "Sjukanmäl ett barn")], language_code="sv")
    await bot.set_my_commands([BotCommand("hjalp", "Hjälp")], scope=BotCommandScopeAllGroupChats())
    assert [c.command for c in await bot.get_my_commands(language_code="sv")] == ["sjuk"]
    assert await bot.get_my_commands() == ()
    assert fake.commands(scope={"type": "all_group_chats"}) == [
        {"command": "hjalp", "description": "Hjälp"}
    ]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Sjuk Anmälan", "x")])


async def test_webhook_blocks_polling_until_deleted(fake: FakeBotApi, bot: Bot) -> None:
    await bot.set_webhook("https://hubbot.example/telegram", secret_token="s3cret_token")
    assert (fake.webhook_url, fake.webhook_secret) == (
        "https://hubbot.example/telegram",
        "s3cret_token",
    )
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_chat_action_and_get_chat(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat(CHAT)
    fake.push_text(CHAT, "hej", first_name="Maja")
    assert await bot.send_chat_action(CHAT, "typing")
    chat = await bot.get_chat(CHAT)
    assert (chat.type, chat.first_name) == ("private", "Maja")


# -- flood limits ----------------------------------------------------------------------------


async def test_rate_limits_answer_429_on_the_injected_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    ticks = Ticks()
    async with FakeBotApi(monotonic=ticks) as fake, fake.bot() as bot:
        fake.rate_limit(per_second_overall=3, per_chat_per_second=1, per_group_per_minute=2)

        await bot.send_message(1, "a")
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "b")  # second message to one chat within a second
        await bot.send_message(2, "c")
        await bot.send_message(3, "d")
        with pytest.raises(RetryAfter):
            await bot.send_message(4, "e")  # fourth message overall within a second

        ticks.now += 1.0
        await bot.send_message(-100, "g1")
        ticks.now += 1.0
        await bot.send_message(-100, "g2")
        ticks.now += 1.0
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(-100, "g3")  # third group message within a minute
        assert raised.value.retry_after == timedelta(seconds=58)

        ticks.now += 58.0
        await bot.send_message(-100, "g3")

    assert fake.received_per_chat() == {1: 1, 2: 1, 3: 1, -100: 3}
    assert fake.throttled == 3
    assert fake.throttled_per_chat() == {1: 1, 4: 1, -100: 1}


# -- the kit's own ergonomics ----------------------------------------------------------------


async def test_wait_for_timeout_shows_the_transcript(fake: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(CHAT, "Första svaret", reply_markup=keyboard(("Ja", "y")))
    with pytest.raises(BadRequest):
        await bot.send_message(CHAT, "Fel.", parse_mode=ParseMode.MARKDOWN_V2)

    with pytest.raises(AssertionError) as raised:
        await fake.wait_for(CHAT, 2, timeout=0.05)

    report = str(raised.value)
    assert "'Första svaret'" in report and "buttons=['Ja']" in report
    assert "sendMessage -> 400 Bad Request: can't parse entities" in report


async def test_hooks_over_http(fake: FakeBotApi, bot: Bot) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{fake.url}/_fake/push_text", json={"chat_id": CHAT, "text": "/start"}
        ) as response:
            pushed = (await response.json())["result"]
        await bot.send_message(CHAT, "Hej")
        async with http.get(f"{fake.url}/_fake/transcript?chat_id={CHAT}") as response:
            transcript = (await response.json())["result"]
        async with http.post(f"{fake.url}/_fake/push_text", json={"text": "x"}) as response:
            assert response.status == 400

    (update,) = await bot.get_updates(timeout=0)
    assert update.update_id == pushed["update_id"]
    assert [m["text"] for m in transcript] == ["Hej"]
