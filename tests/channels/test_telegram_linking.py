"""Linking a Telegram chat, end to end: the real PTB stack, the fake Bot API, the sandbox Hub.

The test plays the guardian's browser with an HTTP client: it opens the link
button's page, logs in on the sandbox Hub, lands on the bot's "linked" page and
follows its way back into Telegram (`/start CODE`).
"""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp

from bot.storage.models import StateRejection
from tests.channels.support import TelegramBot, browse, url_button

ANNA = 1001
PETER_PHONE = 1002
STRANGER = 1003


async def test_start_in_an_unlinked_chat_gets_a_short_welcome_and_a_link_button(
    tmp_path: Path,
) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        [welcome] = await bot.say(ANNA, "/start")
        assert "Hubbot" in welcome.text
        assert "personnummer" in welcome.text  # never to be typed here
        url = url_button(welcome)
        assert url.startswith(bot.app.web_base_url + "/link/")
        # Nothing about any family before linking.
        [reply] = await bot.say(ANNA, "Elsa är sjuk idag")
        assert "Elsa" not in reply.text
        assert await bot.app.store.get_link(bot.member(ANNA)) is None


async def test_the_command_menu_is_set_in_swedish_and_english(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        swedish = {c["command"]: c["description"] for c in bot.fake.commands()}
        english = {c["command"]: c["description"] for c in bot.fake.commands(language_code="en")}
        assert {"hjalp", "kopplingar", "logout"} <= set(swedish) == set(english)
        assert swedish["logout"] == "Koppla bort den här chatten från ditt Hub-konto"
        assert english["logout"] == "Unlink this chat from your Hub account"


async def test_the_whole_linking_flow_and_the_code_back_into_the_chat(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        page = await bot.login_page(ANNA, "anna")
        assert page.status == 200
        # The page hands out a one-time code; nothing is linked until a chat sends it.
        code = page.link_code
        assert len(code) >= 16 and re.fullmatch(r"[A-Za-z0-9_-]+", code)
        assert page.link("redeem") == f"https://t.me/hubbot_test_bot?start={code}"
        assert f"/start {code}" in page.html
        assert await bot.app.store.get_link(bot.member(ANNA)) is None
        assert await bot.deliver_notices() == 0

        [greeting] = await bot.say(ANNA, f"/start {code}")
        assert "Välkommen, Anna" in greeting.text
        link = await bot.app.store.get_link(bot.member(ANNA))
        assert link is not None and link.hub_login_hint == "Anna"

        # The code is single-use.
        [again] = await bot.say(ANNA, f"/start {code}")
        assert "redan använd" in again.text

        # Now errands answer with the family's data.
        [help_text] = await bot.say(ANNA, "/hjalp")
        assert "Elsa" in help_text.text or "Nils" in help_text.text


async def test_a_forwarded_link_gives_the_forwarder_nothing(tmp_path: Path) -> None:
    """The attack of issue 12: a stranger forwards their link button to a guardian."""
    async with TelegramBot.started(tmp_path) as bot:
        [welcome] = await bot.say(STRANGER, "/start")
        forwarded = url_button(welcome)
        # The guardian opens it in her own browser and logs in on the Hub.
        page = await browse(forwarded, login="anna")
        code = page.link_code
        # The stranger's chat is not linked and hears nothing.
        assert await bot.app.store.get_link(bot.member(STRANGER)) is None
        assert await bot.deliver_notices() == 0
        [still_unlinked] = await bot.say(STRANGER, "Elsa är sjuk idag")
        assert "Elsa" not in still_unlinked.text and url_button(still_unlinked)
        # Her own chat links with the code her page shows.
        [greeting] = await bot.say(ANNA, f"/start {code}")
        assert "Välkommen, Anna" in greeting.text
        assert await bot.app.store.get_link(bot.member(ANNA)) is not None
        # The code is spent: the stranger cannot use it after her either.
        [refused] = await bot.say(STRANGER, f"/start {code}")
        assert "redan använd" in refused.text
        assert await bot.app.store.get_link(bot.member(STRANGER)) is None


async def test_a_link_code_expires_after_ten_minutes(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        page = await bot.login_page(ANNA, "anna")
        bot.clock.advance(minutes=10, seconds=1)
        [refused] = await bot.say(ANNA, f"/start {page.link_code}")
        assert "gått ut" in refused.text
        assert await bot.app.store.get_link(bot.member(ANNA)) is None


async def test_wrong_codes_pause_linking_after_five_failures(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        for attempt in range(5):
            [refused] = await bot.say(STRANGER, f"/start guess{attempt}")
            assert "inte giltig" in refused.text
        [paused] = await bot.say(STRANGER, "/start guess-again")
        assert "Vänta en timme" in paused.text
        # A paused chat gets no link button either…
        [welcome] = await bot.say(STRANGER, "hej")
        assert not welcome.buttons
        # …until the hour has passed.
        bot.clock.advance(hours=1, minutes=1)
        [welcome] = await bot.say(STRANGER, "hej")
        assert url_button(welcome)


async def test_an_expired_or_reused_link_page_says_so(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        [welcome] = await bot.say(ANNA, "/start")
        url = url_button(welcome)
        bot.clock.advance(minutes=11)
        expired = await browse(url)
        assert expired.status == 400 and "gått ut" in expired.html

        [welcome] = await bot.say(ANNA, "/start")
        url = url_button(welcome)
        assert (await browse(url)).status == 200
        reused = await browse(url)
        assert reused.status == 400
        checked = await bot.app.linking.check(url.rsplit("/", 1)[1])
        assert getattr(checked, "reason", None) == StateRejection.USED


async def test_a_second_phone_links_too_and_the_first_chat_is_told(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA, "anna")
        await bot.deliver_notices()
        await bot.link_private_chat(PETER_PHONE, "anna")
        await bot.deliver_notices()
        told = bot.fake.last(ANNA)
        assert "kopplades nyss även till en annan chatt (Telegram, privat chatt)" in told.text
        first = await bot.app.store.get_link(bot.member(ANNA))
        assert first is not None
        links = await bot.app.store.list_links_for_account(first.hub_account_id)
        assert {link.member.chat_id for link in links} == {str(ANNA), str(PETER_PHONE)}
        # The new chat itself hears nothing of the kind.
        assert "annan chatt" not in bot.fake.last(PETER_PHONE).text


async def test_the_first_chat_undoes_a_new_link_with_its_button(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA, "anna")
        await bot.link_private_chat(STRANGER, "anna")
        await bot.deliver_notices()
        undo_url = url_button(bot.fake.last(ANNA))
        assert [label for row in bot.fake.last(ANNA).buttons for label, _ in row] == [
            "Koppla bort den nya chatten"
        ]
        page = await browse(undo_url)
        assert page.status == 200 and "Telegram, privat chatt" in page.html
        csrf = page.html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        async with aiohttp.ClientSession() as http:
            forged = await http.post(undo_url, data={"csrf": "x" * 64})
            assert forged.status == 400
            assert await bot.app.store.get_link(bot.member(STRANGER)) is not None
            done = await http.post(undo_url, data={"csrf": csrf})
            assert done.status == 200 and "Chatten är bortkopplad" in await done.text()
            # The button works once.
            again = await http.post(undo_url, data={"csrf": csrf})
            assert again.status == 400
        assert await bot.app.store.get_link(bot.member(STRANGER)) is None
        assert await bot.app.store.get_link(bot.member(ANNA)) is not None
        await bot.deliver_notices()
        assert "kopplades bort från Hub-kontot" in bot.fake.last(STRANGER).text
        [welcome] = await bot.say(STRANGER, "nyheter")
        assert "Elsa" not in welcome.text and url_button(welcome)


async def test_an_undo_button_of_an_unlinked_chat_undoes_nothing(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA, "anna")
        await bot.link_private_chat(PETER_PHONE, "anna")
        await bot.deliver_notices()
        undo_url = url_button(bot.fake.last(ANNA))
        await bot.say(ANNA, "/logout")
        page = await browse(undo_url)
        csrf = page.html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        async with aiohttp.ClientSession() as http:
            done = await http.post(undo_url, data={"csrf": csrf})
            assert "inte längre kopplad" in await done.text()
        assert await bot.app.store.get_link(bot.member(PETER_PHONE)) is not None


async def test_the_page_of_linked_chats_lists_them_and_unlinks_one(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA, "anna")
        await bot.link_private_chat(PETER_PHONE, "anna")
        await bot.deliver_notices()
        [offer] = await bot.say(ANNA, "/kopplingar")
        page = await browse(url_button(offer))
        assert page.status == 200
        assert page.html.count("Koppla bort</button>") == 2
        assert "(chatten du kom från)" in page.html

        other = await bot.app.store.get_link(bot.member(PETER_PHONE))
        assert other is not None
        form_url = page.url.with_path(page.url.path + "/unlink")
        csrf = page.html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        async with aiohttp.ClientSession() as http:
            # Another site's form (a wrong token, or a foreign Origin) is refused.
            forged = await http.post(form_url, data={"link": str(other.id), "csrf": "x" * 64})
            assert forged.status == 400
            foreign = await http.post(
                form_url,
                data={"link": str(other.id), "csrf": csrf},
                headers={"Origin": "https://evil.example"},
            )
            assert foreign.status == 403
            assert await bot.app.store.get_link(other.member) is not None

            done = await http.post(form_url, data={"link": str(other.id), "csrf": csrf})
            assert done.status == 200 and "Chatten är bortkopplad" in await done.text()
        assert await bot.app.store.get_link(other.member) is None
        assert await bot.app.store.get_link(bot.member(ANNA)) is not None
        await bot.deliver_notices()
        assert "kopplades bort" in bot.fake.last(PETER_PHONE).text


async def test_logout_command_unlinks_the_chat(tmp_path: Path) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        await bot.link_private_chat(ANNA, "anna")
        await bot.say(ANNA, "/logout")
        assert await bot.app.store.get_link(bot.member(ANNA)) is None
        [welcome] = await bot.say(ANNA, "nyheter")
        assert url_button(welcome)
