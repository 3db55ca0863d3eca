"""The console in a real browser: the system Chromium, driven by Playwright, headless.

Everything else is real too and on loopback: the sandbox Hub, the bot's services,
the Telegram channel talking to the fake Bot API server, the outbox worker, the
push watcher. No browser is ever downloaded: without a `chromium` on PATH these
tests skip. Screenshots of the main pages go to tests/artifacts/ (git ignores it).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.testing.conversation import BotHarness
from bot.testing.fake_telegram import FakeBotApi, SentMessage
from bot.web.console import install_console
from bot.web.server import WebServer

from .conftest import ADMIN_PASSWORD, console_settings

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ANNA_CHAT = 1001

playwright_api = pytest.importorskip("playwright.async_api")
if CHROMIUM is None:
    pytest.skip("no system chromium on PATH (apt-get install chromium)", allow_module_level=True)


@dataclass
class Stack:
    bot: BotHarness
    fake: FakeBotApi
    console_url: str


@contextlib.asynccontextmanager
async def running_stack(tmp_path: Path) -> AsyncIterator[Stack]:
    from bot.app.telegram import telegram_channel
    from bot.channels.telegram import build_application
    from bot.push.outbox_worker import OutboxWorker

    async with (
        FakeBotApi() as fake,
        BotHarness.started(tmp_path / "data", _env_file=None) as bot,
    ):
        channel = telegram_channel(bot.app, build_application(fake.token, fake.base_url))
        await channel.start_polling(poll_timeout=1.0)
        worker = OutboxWorker(bot.app.store, {"telegram": channel.sender}, bot.clock)
        delivery = asyncio.create_task(worker.run_forever(idle_s=0.1))
        web = WebServer([install_console(bot.app.console_ports, console_settings(poll_seconds=2))])
        base = await web.start("127.0.0.1", 0)
        try:
            yield Stack(bot, fake, f"{base}/console/")
        finally:
            worker.stop()
            await asyncio.wait_for(delivery, timeout=5)
            await web.stop()
            await channel.stop()


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[object]:
    async with playwright_api.async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            await browser.close()


def said(text: str) -> Callable[[list[SentMessage]], bool]:
    def check(messages: list[SentMessage]) -> bool:
        return any(text in m.text for m in messages)

    check.__name__ = f"a message with {text!r}"
    return check


async def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


UNLABELLED = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML)"""


async def assert_accessible(page: object) -> None:
    """Every control has a name a screen reader can say, and the page has one h1."""
    assert await page.evaluate(UNLABELLED) == []  # type: ignore[attr-defined]
    assert await page.locator("h1").count() == 1  # type: ignore[attr-defined]


async def sign_in(
    page: object, base: str, login: str, password: str = "demo", *, screenshot: str = ""
) -> None:
    """With the keyboard only: the skip link first, then the form."""
    await page.goto(base)  # type: ignore[attr-defined]
    await assert_accessible(page)
    if screenshot:
        await shot(page, screenshot)
    await page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = await page.evaluate("document.activeElement.className")  # type: ignore[attr-defined]
    assert focused == "skip"
    await page.get_by_label("Användarnamn").focus()  # type: ignore[attr-defined]
    await page.keyboard.type(login)  # type: ignore[attr-defined]
    await page.keyboard.press("Tab")  # type: ignore[attr-defined]
    await page.keyboard.type(password)  # type: ignore[attr-defined]
    await page.keyboard.press("Enter")  # type: ignore[attr-defined]


async def test_support_claims_a_flagged_chat_and_the_reply_reaches_telegram(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path) as stack, chromium() as browser:
        bot, fake = stack.bot, stack.fake
        await bot.chat("anna", channel="telegram", chat_id=str(ANNA_CHAT))
        fake.push_text(ANNA_CHAT, "Jag vill prata med en människa")
        await fake.wait_for(ANNA_CHAT, said("supporten"))

        page = await browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        await sign_in(page, stack.console_url, "support", screenshot="01-login")
        await page.wait_for_url("**/console/conversations")
        row = page.get_by_role("row").filter(has_text="Vill prata med en människa")
        await row.wait_for()
        await assert_accessible(page)

        # The list is live: a second guardian asks for a person and appears without a reload.
        bot.clock.advance(minutes=1)
        await bot.chat("peter", channel="telegram", chat_id="1002")
        fake.push_text(1002, "support", first_name="Peter")
        await fake.wait_for(1002, said("supporten"))
        newcomer = page.get_by_role("row").filter(has_text="Peter")
        await newcomer.wait_for(timeout=15_000)
        assert "Vill prata med en människa" in await newcomer.inner_text()
        await shot(page, "02-conversations")

        await page.get_by_role("link", name="Anna").click()
        await page.get_by_role("heading", name="Samtalslogg").wait_for()
        await page.get_by_text("Tolkat som").first.wait_for()
        await assert_accessible(page)
        await shot(page, "03-conversation")

        await page.get_by_role("button", name="Ta över samtalet").click()
        await fake.wait_for(ANNA_CHAT, said("En person från supporten har anslutit"))

        await page.get_by_label("Svara vårdnadshavaren").fill("Hej Anna! Vi tittar på det nu.")
        await page.get_by_role("button", name="Skicka svar").click()
        await fake.wait_for(ANNA_CHAT, said("Support: Hej Anna! Vi tittar på det nu."))
        await page.get_by_text("Hej Anna! Vi tittar på det nu.").first.wait_for()
        await shot(page, "04-taken-over")

        # While support holds the chat the bot answers no errand: the guardian's words reach
        # the page, and only the first one after support wrote is acknowledged.
        before = len(fake.transcript(ANNA_CHAT))
        fake.push_text(ANNA_CHAT, "Tack, jag väntar")
        await fake.wait_for(ANNA_CHAT, said("Supporten har fått ditt meddelande"))
        await page.get_by_text("Tack, jag väntar").wait_for(timeout=15_000)
        fake.push_text(ANNA_CHAT, "Hallå, är någon där?")
        await page.get_by_text("Hallå, är någon där?").wait_for(timeout=15_000)
        assert len(fake.transcript(ANNA_CHAT)) == before + 1

        await page.get_by_role("button", name="Lämna tillbaka till boten").click()
        await fake.wait_for(ANNA_CHAT, said("Du pratar med boten igen"))

        # On a phone screen the list still reads (rows become cards, nothing sideways).
        phone = await browser.new_page(viewport={"width": 375, "height": 740})  # type: ignore[attr-defined]
        await phone.context.add_cookies(await page.context.cookies())
        await phone.goto(stack.console_url + "conversations")
        width = await phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        await shot(phone, "05-conversations-phone")

        # The administrator reads who looked at the transcript and who answered.
        admin = await browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        await sign_in(admin, stack.console_url, "admin", ADMIN_PASSWORD)
        await admin.wait_for_url("**/console/audit")
        audit = await admin.locator("tbody").inner_text()
        assert "view_transcript" in audit and "reply" in audit and "support" in audit
        await assert_accessible(admin)
        await shot(admin, "08-audit")


async def test_a_teacher_publishes_news_and_the_guardians_chat_gets_the_push(
    tmp_path: Path,
) -> None:
    from bot.push.watcher import HubWatcher

    async with running_stack(tmp_path) as stack, chromium() as browser:
        bot, fake = stack.bot, stack.fake
        await bot.chat("anna", channel="telegram", chat_id=str(ANNA_CHAT))
        watcher = HubWatcher(bot.app.deps, interval_s=60, jitter=0.0)
        await watcher.run_due()  # the first look records what is there and says nothing
        bot.clock.advance(minutes=1)

        page = await browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        await sign_in(page, stack.console_url, "larare")
        await page.wait_for_url("**/console/news")
        await page.get_by_label("4B").check()
        await page.get_by_label("Rubrik").fill("Utflykt till skogen på fredag")
        await page.get_by_label("Text", exact=True).fill("Ta med matsäck och regnkläder.")
        preview = page.locator("#preview")
        await preview.get_by_text("Utflykt till skogen på fredag").first.wait_for()
        assert "Nyheter" in await preview.inner_text() or "4B" in await preview.inner_text()
        assert "News from 4B" in await preview.inner_text()
        await assert_accessible(page)
        await shot(page, "06-news-preview")

        await page.get_by_role("button", name="Publicera i Hub").click()
        await page.get_by_text("Publicerad till 1 grupp.").wait_for()

        bot.clock.advance(minutes=2)
        found = await watcher.run_due()
        assert found.news >= 1
        pushed = await fake.wait_for(ANNA_CHAT, said("Utflykt till skogen på fredag"))
        assert any("4B" in m.text for m in pushed)

        await page.reload()
        row = page.get_by_role("row").filter(has_text="Utflykt till skogen på fredag")
        cells = await row.get_by_role("cell").all_inner_texts()
        assert cells[3:5] == ["1", "0"], cells  # reached one chat, none waiting
        await shot(page, "07-news-reach")
