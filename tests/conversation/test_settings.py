"""Settings: language, confirmations and which children a chat handles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.settings import SettingRequest, match_setting
from bot.storage.models import ChatLink, Language
from bot.testing.conversation import BotHarness, Chat


async def _link(bot: BotHarness, chat: Chat) -> ChatLink:
    link = await bot.app.store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
    assert link is not None
    return link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("inställningar", SettingRequest("show")),
        ("Inställningar!", SettingRequest("show")),
        ("settings", SettingRequest("show")),
        ("byt språk till engelska", SettingRequest("language", language="en")),
        ("English please", SettingRequest("language", language="en")),
        ("kan du skriva på engelska?", SettingRequest("language", language="en")),
        ("på svenska tack", SettingRequest("language", language="sv")),
        ("switch to Swedish", SettingRequest("language", language="sv")),
        ("bekräftelser av", SettingRequest("confirmations", on=False)),
        ("stäng av bekräftelserna", SettingRequest("confirmations", on=False)),
        ("Bekräftelser på", SettingRequest("confirmations", on=True)),
        ("turn off confirmations", SettingRequest("confirmations", on=False)),
        ("hantera bara Elsa", SettingRequest("children", names=("elsa",))),
        ("hantera Elsa och Nils", SettingRequest("children", names=("elsa", "nils"))),
        (
            "handle only Saga, Noah and Ali",
            SettingRequest("children", names=("saga", "noah", "ali")),
        ),
        ("hantera alla barn", SettingRequest("children")),
    ],
)
def test_setting_phrases(text: str, expected: SettingRequest) -> None:
    assert match_setting(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elsa är sjuk idag",
        "vad har Nils för läxa i engelska",
        "jag vill ha en bekräftelse på frånvaron",
        "bekräftelse på frånvaron",
        "nyheter",
        "engelska läxan till torsdag är klar och Nils har pluggat hela kvällen",
        "",
    ],
)
def test_errands_are_not_settings(text: str) -> None:
    assert match_setting(text) is None


async def test_switching_to_english_changes_the_replies(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("byt språk till engelska")
        assert said.text == "OK, I will write in English from now on."
        assert (await _link(bot, anna)).language == Language("en")
        news = await anna.say("nyheter")
        assert news.text.startswith("News for Nils and Elsa, newest first:")
        back = await anna.say("svenska tack")
        assert back.text == "Okej, från och med nu skriver jag på svenska."
        assert (await _link(bot, anna)).language == Language("sv")


async def test_confirmations_off_is_stored_and_shown(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("bekräftelser av")
        assert "utan att fråga" in said.text
        assert (await _link(bot, anna)).preferences.confirmations is False
        shown = await anna.say("inställningar")
        assert "Bekräftelser: av" in shown.text
        assert "Bekräftelser på" in shown.choices
        await anna.press("Bekräftelser på")
        assert (await _link(bot, anna)).preferences.confirmations is True


async def test_without_confirmations_a_reply_is_sent_at_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        await anna.say("bekräftelser av")
        await anna.say("meddelanden")
        await anna.press("Maja Ström: Extra kläder")
        await anna.press("Svara")
        sent = await anna.say("Vi tar med byxor.")
        assert "Ditt svar till Maja Ström är skickat." in sent.text


async def test_a_chat_can_handle_only_some_children(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("hantera bara Elsa")
        assert said.text == "Okej, den här chatten sköter nu bara Elsa."
        link = await _link(bot, anna)
        hub = await bot.app.hub_for(link)
        elsa = next(c for c in await hub.children() if c.first_name == "Elsa")
        assert link.preferences.children == (elsa.switch_id,)
        calendar = await anna.say("kalender")
        assert "Kalendern för Elsa" in calendar.text and "Nils" not in calendar.text

        shown = await anna.say("inställningar")
        assert "• Barn: Elsa" in shown.text
        assert {"English", "Bekräftelser av", "Bara Nils", "Alla barn"} <= set(shown.choices)
        everyone = await anna.press("Alla barn")
        assert "alla dina barn: Nils och Elsa" in everyone.text
        assert (await _link(bot, anna)).preferences.children is None


async def test_an_unknown_child_is_named_and_nothing_changes(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("hantera Elsa och Saga")
        assert "inget barn som heter Saga" in said.text
        assert (await _link(bot, anna)).preferences.children is None
