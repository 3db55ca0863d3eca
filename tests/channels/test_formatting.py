"""Text cut under Telegram's limit and escaped for HTML parse mode; buttons that Telegram takes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram.commands import parse_command, without_mention
from bot.channels.telegram.formatting import (
    escape,
    keyboard,
    split_text,
    telegram_accepts_url,
    utf16_len,
)
from bot.channels.telegram.sender import retry_seconds
from bot.conversation.types import Choice
from bot.testing.fake_telegram import parse_html


@given(st.text(min_size=1, max_size=3000))
def test_escaped_text_shows_exactly_as_written(text: str) -> None:
    shown, entities = parse_html(escape(text))
    assert shown == text and entities == []


@given(
    st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=40).map("\n".join),
    st.integers(min_value=20, max_value=500),
)
def test_split_parts_fit_and_lose_nothing_but_whitespace(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert parts and all(utf16_len(p) <= limit for p in parts)
    assert "".join("".join(p.split()) for p in parts) == "".join(text.split()) or not text.strip()


def test_split_prefers_paragraphs_and_counts_utf16() -> None:
    paragraph = "😀" * 1500  # 3000 UTF-16 units
    parts = split_text(f"{paragraph}\n\n{paragraph}")
    assert parts == [paragraph, paragraph]


def test_answers_sit_side_by_side_and_links_get_a_row_each() -> None:
    choices = [
        Choice("Ja", "n:0"),
        Choice("Nej", "n:1"),
        Choice("Logga in", url="https://hub.example.se/login"),
    ]
    markup, as_text = keyboard(choices, ["n:0", "n:1", None], allow_local_urls=False)
    assert markup is not None and as_text == []
    rows = [[(b.text, b.callback_data, b.url) for b in row] for row in markup.inline_keyboard]
    assert rows == [
        [("Ja", "n:0", None), ("Nej", "n:1", None)],
        [("Logga in", None, "https://hub.example.se/login")],
    ]


def test_a_loopback_link_goes_in_the_text_for_real_telegram() -> None:
    local = Choice("Koppla", url="http://127.0.0.1:8080/link/abc")
    markup, as_text = keyboard([local], [None], allow_local_urls=False)
    assert markup is None and as_text == [local]
    markup, as_text = keyboard([local], [None], allow_local_urls=True)
    assert markup is not None and as_text == []
    assert not telegram_accepts_url("http://localhost/x", allow_local=False)
    assert not telegram_accepts_url("http://192.168.1.2/x", allow_local=False)
    assert not telegram_accepts_url("javascript:alert(1)", allow_local=True)
    assert telegram_accepts_url("https://hubbot.example.se/link/x", allow_local=False)


def test_commands_with_a_bot_name_and_an_argument() -> None:
    start = parse_command("/start abc-DEF_1", "hubbot_test_bot")
    assert start is not None and (start.name, start.argument) == ("start", "abc-DEF_1")
    mine = parse_command("/Hjalp@Hubbot_Test_Bot", "hubbot_test_bot")
    assert mine is not None and mine.name == "hjalp"
    assert parse_command("/start@otherbot", "hubbot_test_bot") is None
    assert parse_command("hej", "hubbot_test_bot") is None


def test_retry_after_in_seconds_whichever_form_ptb_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    assert retry_seconds(RetryAfter(9)) == 9.0
    monkeypatch.delenv("PTB_TIMEDELTA")
    with pytest.warns(PTBDeprecationWarning):
        old_style = RetryAfter(9)
    assert retry_seconds(old_style) == 9.0


def test_a_mention_of_the_bot_is_not_part_of_the_errand() -> None:
    assert without_mention("@Hubbot_Test_Bot, Elsa är sjuk", "hubbot_test_bot") == "Elsa är sjuk"
    assert without_mention("Elsa är sjuk @hubbot_test_bot", "hubbot_test_bot") == "Elsa är sjuk"
    assert without_mention("fråga @annanbot", "hubbot_test_bot") == "fråga @annanbot"
