"""Reading the Hub in the chat: calendar, homework, news and messages (and answering one).

The sandbox is seeded relative to its first day: on Thursday 26 November 2026
Nils (4B) has "Läxa: glosor" today, "Utflykt till Naturum" on Tuesday 1 December
and "Prov i matematik: bråk" on Wednesday 2 December; Elsa's preschool has
"Utedag i skogen" on Friday 27 November. Maja Ström's unread message "Extra
kläder" is about Elsa.
"""

from __future__ import annotations

from pathlib import Path

from bot.hub.interface import HubClient
from bot.hub.models import Child
from bot.sandbox.server import SandboxHub
from bot.storage.models import Direction
from bot.testing.conversation import BotHarness, Chat


async def _hub_and_child(bot: BotHarness, chat: Chat, name: str) -> tuple[HubClient, Child]:
    member = bot.app.member_of(chat.chat, chat.sender_id)
    link = await bot.app.store.get_link(member)
    assert link is not None
    hub = await bot.app.hub_for(link)
    child = next(c for c in await hub.children() if c.first_name == name)
    return hub, child


def _sandbox(bot: BotHarness) -> SandboxHub:
    assert bot.app.sandbox is not None
    return bot.app.sandbox


async def test_calendar_next_week_lists_that_week_and_opens_an_entry(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("vad händer nästa vecka")
        assert "Kalendern för" in said.text
        assert "Utflykt till Naturum" in said.text and "Prov i matematik" in said.text
        # This week's preschool outing is not next week.
        assert "Utedag i skogen" not in said.text
        assert "tis 1 dec Utflykt till Naturum" in said.choices
        opened = await anna.press("tis 1 dec Utflykt till Naturum")
        assert "tisdag 1 december 08:30–14:00" in opened.text
        assert "Ta med matsäck och vattenflaska." in opened.text
        back = await anna.press("Tillbaka till listan")
        assert "Utflykt till Naturum" in back.text


async def test_calendar_without_days_shows_the_coming_week_for_every_child(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("kalender")
        assert "de kommande 7 dagarna" in said.text
        assert "Utedag i skogen (Elsa)" in said.text
        assert "Läxa: glosor (Nils)" in said.text


async def test_homework_question_lists_homework_tests_and_hand_ins_only(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        _sandbox(bot).staff("larare").calendar(
            child="Nils", date="2026-12-04", title="Vulkanrapport", type_id=4
        )
        anna = await bot.chat("anna")
        said = await anna.say("vad har Nils för läxa")
        assert "Läxor, prov och inlämningar för Nils" in said.text
        assert "Läxa: glosor" in said.text
        assert "Prov i matematik: bråk" in said.text
        assert "Inlämning: Vulkanrapport" in said.text
        assert "Utflykt" not in said.text and "Elsa" not in said.text
        opened = await anna.say("1")
        assert "Glosor i engelska" in opened.text and "Engelska" in opened.text


async def test_news_list_newest_first_and_open_a_fresh_item(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        _sandbox(bot).staff("larare").news(
            child="Nils",
            title="Lucia i aulan",
            text="Luciatåget går i aulan klockan 8.\nAlla är välkomna.",
        )
        anna = await bot.chat("anna")
        said = await anna.say("nyheter")
        lines = said.text.splitlines()
        assert lines[0] == "Nyheter för Nils och Elsa, nyast först:"
        assert lines[1].startswith("1. tors 26 nov: Lucia i aulan")
        assert "Visa fler" in said.choices
        opened = await anna.press("Lucia i aulan")
        assert "Luciatåget går i aulan klockan 8." in opened.text
        assert "Karin Holm" in opened.text


async def test_news_pages_with_show_more(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        first = await anna.say("nyheter")
        second = await anna.press("Visa fler")
        assert first.text != second.text
        assert "Välkommen till Solrosen" in second.text
        assert "Utedag på fredag" not in second.text


async def test_messages_open_and_reply_reaches_the_hub(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("meddelanden")
        assert "Maja Ström: Extra kläder (ny)" in said.text
        opened = await anna.press("Maja Ström: Extra kläder")
        assert "Elsa behöver fler extra byxor" in opened.text
        waiting = await anna.press("Svara")
        assert "Skriv ditt svar till Maja Ström" in waiting.text
        body = "Vi tar med fler byxor på måndag!"
        asked = await anna.say(body)
        assert "Skicka ditt svar till Maja Ström" in asked.text
        assert body not in asked.text
        sent = await anna.press("Ja")
        assert "Ditt svar till Maja Ström är skickat." in sent.text

        hub, elsa = await _hub_and_child(bot, anna, "Elsa")
        outbox = await hub.messages(inbox=False, child=elsa)
        reply = next(m for m in outbox.items if m.message_subject == "Sv: Extra kläder")
        full = await hub.message(reply.id, elsa)
        assert full.message_body_plain_text == body
        assert [u.display_name for u in full.to_users] == ["Maja Ström"]

        # The answer's text never reaches the log.
        chat = bot.app.member_of(anna.chat, anna.sender_id).chat
        logged = [e.text for e in await bot.app.store.list_log(chat, limit=200)]
        assert not any("byxor på måndag" in text for text in logged)
        assert "[message reply]" in logged


async def test_reply_can_be_cancelled_and_the_next_text_is_a_command_again(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("meddelanden")
        await anna.press("Karin Holm: Utflykt nästa tisdag")
        await anna.press("Svara")
        cancelled = await anna.say("avbryt")
        assert "inget svar skickades" in cancelled.text
        said = await anna.say("nyheter")
        assert "Nyheter för" in said.text
        hub, nils = await _hub_and_child(bot, anna, "Nils")
        outbox = await hub.messages(inbox=False, child=nils)
        assert not any(m.message_subject.startswith("Sv: Utflykt") for m in outbox.items)


async def test_a_message_typed_while_waiting_for_a_reply_is_the_reply(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("meddelanden")
        await anna.press("Karin Holm: Utflykt nästa tisdag")
        await anna.press("Svara")
        # Even words the parser knows are the answer now, not a command.
        asked = await anna.say("Nils är sjuk idag")
        assert "Skicka ditt svar till Karin Holm" in asked.text
        kept = await anna.press("Nej")
        assert "inget svar skickades" in kept.text


async def test_a_student_reads_calendar_news_and_messages(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        nils = await bot.chat("nils")
        calendar = await nils.say("vad har jag för läxa")
        assert "Läxa: glosor" in calendar.text
        news = await nils.say("nyheter")
        assert "Veckobrev 4B" in news.text
        inbox = await nils.say("meddelanden")
        # Teachers wrote to his guardians, not to him.
        assert "Din inkorg i Hubben är tom." in inbox.text


async def test_a_calendar_question_is_logged_as_understood(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("kalender")
        chat = bot.app.member_of(anna.chat, anna.sender_id).chat
        incoming = [e for e in await bot.app.store.list_log(chat) if e.direction == Direction.IN]
        assert incoming[0].intent == "calendar"
        assert "not_understood" not in incoming[0].flags
