"""One-time link codes through the engine: the rule every channel shares.

The Hub login on the link page links nothing; it hands out a code, and the chat
that sends the code is linked. These tests drive the real link pages and the
sandbox Hub login, then send codes the way a channel without Telegram would
(the terminal chat: `/start CODE` as a message).
"""

from __future__ import annotations

from pathlib import Path

from bot.app.browser_login import code_page_with_password, link_code_in, link_with_password
from bot.conversation.types import ChatRef
from bot.linking import LINKED, CodeForm, IssuedCode, code_in_text, normalize
from bot.storage.models import MemberKey
from bot.testing.conversation import BotHarness


class ShortCodes:
    """A channel whose people type the code (as over SMS): it asks for the short form."""

    def code_form(self) -> CodeForm:
        return CodeForm.SHORT

    def redeem_url(self, code: IssuedCode) -> str | None:
        return None

    def redeem_text(self, code: IssuedCode) -> str:
        return f"{code.shown_short}"

    async def private_invite_url(self, member: MemberKey, language: str) -> str | None:
        return None

    def private_chat_url(self) -> str | None:
        return None


async def test_a_forwarded_link_page_links_the_chat_that_sends_the_code(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        stranger = await bot.chat("anna", chat_id="stranger", link=False)
        [welcome] = (await stranger.say("hej")).replies
        forwarded = next(c.url for c in welcome.choices if c.url)
        assert forwarded is not None
        # The guardian logs in on the forwarded page: the page shows her a code.
        code = await link_with_password(forwarded, "anna", "demo")
        stranger_member = bot.app.member_of(stranger.chat, stranger.sender_id)
        assert await bot.app.store.get_link(stranger_member) is None
        assert await stranger.notices() == []
        said = await stranger.say("Elsa är sjuk idag")
        assert "Elsa" not in said.text

        anna = await bot.chat("anna", chat_id="anna-own", link=False)
        welcome_back = await anna.say(f"/start {code}")
        assert "Välkommen, Anna" in welcome_back.text
        said = await anna.say("hjälp")
        assert "Elsa" in said.text or "Nils" in said.text
        # Spent: sending it again, from anywhere, is refused and links nothing.
        assert "redan använd" in (await stranger.say(f"/start {code}")).text
        assert await bot.app.store.get_link(stranger_member) is None


async def test_a_channel_may_ask_for_a_short_typed_code(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        bot.app.linking.register_channel("sms", ShortCodes())
        member = bot.app.member_of(_sms_chat(), "+46701234567")
        page_url = await bot.app.linking.start(member)
        page = await code_page_with_password(page_url, "anna", "demo")
        long_code, short = link_code_in(page), link_code_in(page, short=True)
        assert long_code is not None and len(long_code) >= 16
        # The page shows the short form as two groups of four, to type back.
        assert short is not None and len(short) == 8
        assert f"{short[:4]}-{short[4:]}" in page
        typed = f"{short[:4].lower()} {short[4:].lower()}"
        redeemed = await bot.app.linking.redeem(typed, member)
        assert redeemed.ok and redeemed.purpose == LINKED
        assert await bot.app.store.get_link(member) is not None


async def test_wrong_codes_count_as_failures_and_pause_the_chat(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path) as bot:
        guesser = await bot.chat("anna", chat_id="guesser", link=False)
        for attempt in range(5):
            assert "inte giltig" in (await guesser.say(f"/start guessed-code-{attempt:020d}")).text
        # A paused chat gets no link page; a page from elsewhere gives a real code…
        assert "Vänta en timme" in (await guesser.say("hej")).text
        elsewhere = await bot.chat("anna", chat_id="elsewhere", link=False)
        page_url = await bot.app.linking.start(bot.app.member_of(elsewhere.chat, "elsewhere"))
        code = await link_with_password(page_url, "anna", "demo")
        # …and even the right code waits out the pause.
        assert "Vänta en timme" in (await guesser.say(f"/start {code}")).text


def test_codes_in_text_and_typed_forms() -> None:
    assert code_in_text("/start abcDEF0123456789xyz") == "abcDEF0123456789xyz"
    assert code_in_text("/start@hubbot_bot AB12") == "AB12"
    assert code_in_text("abcDEF0123456789xyz-_") == "abcDEF0123456789xyz-_"
    assert code_in_text("Elsa är sjuk idag") is None
    assert code_in_text("sjukanmälan") is None
    assert normalize("k7m4 p9qx") == "K7M4P9QX"
    assert normalize("K7M4-P9QX") == "K7M4P9QX"
    # A long code keeps its case.
    assert normalize(" abcDEF0123456789xyz ") == "abcDEF0123456789xyz"


def _sms_chat() -> ChatRef:
    return ChatRef("sms", "+46701234567")
