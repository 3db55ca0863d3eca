"""The link pages and the sandbox Hub login in a real browser, clicked as a person would.

Uses the system Chromium through Playwright (never a downloaded browser); skipped
cleanly where Chromium is not installed. Every address is on loopback.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.channels.support import TelegramBot, start_code, url_button

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ANNA_PHONE, ANNA_TABLET = 1001, 1002


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    if CHROMIUM is None:
        pytest.skip("no system Chromium (apt-get install -y chromium)")
    async_api = pytest.importorskip("playwright.async_api")
    async with async_api.async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            await chromium.close()


async def test_linking_with_the_password_login_then_unlinking_a_chat(
    tmp_path: Path, browser: Any
) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        # The tablet was linked earlier; now the phone links.
        await bot.link_private_chat(ANNA_TABLET, "anna")
        [welcome] = await bot.say(ANNA_PHONE, "/start")
        page = await browser.new_page()
        await page.goto(url_button(welcome))

        # On the bot's login page (the server logs in on the Hub): name, password, "Logga in".
        await page.get_by_label("Användarnamn").fill("anna")
        await page.get_by_label("Lösenord").fill("demo")
        await page.get_by_role("button", name="Logga in", exact=True).click()

        # Back on the bot's page: a one-time code and the way to send it from Telegram.
        await page.get_by_role("heading", name="Inloggad").wait_for()
        code = await page.locator("[data-link-code]").get_attribute("data-link-code")
        assert code is not None and len(code) >= 16
        send = page.get_by_role("link", name="Öppna Telegram och koppla")
        href = await send.get_attribute("href")
        assert href == f"https://t.me/hubbot_test_bot?start={code}"
        assert f"/start {code}" in await page.inner_text("main")
        assert await bot.app.store.get_link(bot.member(ANNA_PHONE)) is None
        [greeting] = await bot.say(ANNA_PHONE, f"/start {start_code(href)}")
        assert "Välkommen, Anna" in greeting.text
        assert await bot.app.store.get_link(bot.member(ANNA_PHONE)) is not None

        # The page of linked chats: both chats, the tablet unlinked with one click.
        [offer] = await bot.say(ANNA_PHONE, "/kopplingar")
        await page.goto(url_button(offer))
        await page.get_by_role("heading", name="Kopplade chattar").wait_for()
        assert await page.get_by_role("button", name="Koppla bort").count() == 2
        tablet = await bot.app.store.get_link(bot.member(ANNA_TABLET))
        assert tablet is not None
        await page.locator(f"#unlink-{tablet.id}").click()
        await page.get_by_text("Chatten är bortkopplad.").wait_for()
        assert await page.get_by_role("button", name="Koppla bort").count() == 1
        assert await bot.app.store.get_link(bot.member(ANNA_TABLET)) is None
        assert await bot.app.store.get_link(bot.member(ANNA_PHONE)) is not None


async def test_linking_with_bankid(tmp_path: Path, browser: Any) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        [welcome] = await bot.say(ANNA_PHONE, "/start")
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(url_button(welcome))
        await page.get_by_role("button", name="Logga in med BankID").click()

        # "Öppna BankID" opens the phone's app: here, a second tab to approve in.
        async with context.expect_page() as opened:
            await page.get_by_role("link", name="Öppna BankID").click()
        phone = await opened.value
        await phone.get_by_label("Vem är du (inloggningsnamn)?").fill("anna")
        await phone.get_by_role("button", name="Godkänn").click()
        await phone.get_by_text("Identifieringen är godkänd").wait_for()

        # The waiting page asks the bot's server again by itself and goes on to the code.
        await page.get_by_role("heading", name="Inloggad").wait_for(timeout=8_000)
        code = await page.locator("[data-link-code]").get_attribute("data-link-code")
        assert code is not None
        [greeting] = await bot.say(ANNA_PHONE, f"/start {code}")
        assert "Välkommen, Anna" in greeting.text
        link = await bot.app.store.get_link(bot.member(ANNA_PHONE))
        assert link is not None and link.hub_login_hint == "Anna"
        await context.close()


async def test_an_expired_link_page_says_so_in_the_browser(tmp_path: Path, browser: Any) -> None:
    async with TelegramBot.started(tmp_path) as bot:
        [welcome] = await bot.say(ANNA_PHONE, "/start")
        bot.clock.advance(minutes=11)
        page = await browser.new_page()
        response = await page.goto(url_button(welcome))
        assert response is not None and response.status == 400
        assert "Länken har gått ut" in await page.inner_text("main")
