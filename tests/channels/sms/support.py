"""What the SMS tests share: the bot with its SMS channel, the fake 46elks gateway, phones.

`SmsBot.started` runs the real `App` (sandbox Hub, store, engine) with the SMS
channel's webhooks and the console on the bot's own web server, and the fake
gateway on another loopback port. Sending is the real outbox worker with the
real `SmsSender`; a test calls `deliver()` to let the worker drain what is
due, so nothing waits on the real clock.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

from bot.app.sms import SmsParts, sms_channel
from bot.app.wiring import App, start_app
from bot.channels.sms import DELIVERY_PATH, INCOMING_PATH
from bot.clock import ManualClock
from bot.push.outbox_worker import OutboxWorker
from bot.settings import Settings
from bot.storage.models import SMS_CHANNEL, ChatKey
from bot.testing import FakeSmsGateway
from bot.web.console import install_console

from ..support import Page, browse

START = "2026-11-26T07:30:00+01:00"  # a Thursday morning
SECRET = "sms-hook-secret"
ANNA = "+46701110001"
PETER = "+46701110002"
URL = re.compile(r"https?://\S+")


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


@dataclass
class SmsBot:
    app: App
    fake: FakeSmsGateway
    sms: SmsParts
    worker: OutboxWorker
    clock: ManualClock
    base: str

    @classmethod
    @asynccontextmanager
    async def started(
        cls, data_dir: Path, *, now: str = START, **settings: Any
    ) -> AsyncIterator[SmsBot]:
        clock = ManualClock(datetime.fromisoformat(now))
        async with FakeSmsGateway(clock=clock) as fake:
            config = Settings(
                data_dir=data_dir,
                web_port=0,
                sms_api_url=fake.base_url,
                sms_username=fake.username,
                sms_password=fake.password,
                sms_from="Hubbot",
                sms_webhook_secret=SECRET,
                _env_file=None,
                **settings,
            )
            app = await start_app(config, clock, start_web=False)
            try:
                sms = sms_channel(app, sleep=no_wait)
                base = await app.start_web(
                    [sms.channel.routes(), install_console(app.console_ports)]
                )
                worker = OutboxWorker(app.store, {SMS_CHANNEL: sms.sender}, clock)
                try:
                    yield cls(app, fake, sms, worker, clock, base)
                finally:
                    await sms.close()
            finally:
                await app.close()

    @property
    def incoming_url(self) -> str:
        return f"{self.base}{INCOMING_PATH}?secret={SECRET}"

    @property
    def delivery_url(self) -> str:
        return f"{self.base}{DELIVERY_PATH}?secret={SECRET}"

    def chat(self, number: str) -> ChatKey:
        return ChatKey(SMS_CHANNEL, self.app.store.sms_chat_id(number))

    async def deliver(self) -> int:
        """Let the outbox worker send what is due now."""
        return await self.worker.drain()

    async def text(self, number: str, message: str, **kwargs: Any) -> list[str]:
        """A guardian's SMS in; the SMS the bot answered with (after delivery)."""
        before = len(self.fake.to(number))
        status = await self.fake.text(self.incoming_url, number, message, **kwargs)
        assert status == 200, status
        await self.deliver()
        return self.fake.texts_to(number)[before:]

    async def login_page(self, number: str, login: str = "anna") -> Page:
        """Text the bot, open the link it sends, log in on the Hub: the page with the code."""
        welcome = await self.text(number, "Hej")
        page = await browse(link_in(welcome), login=login)
        assert page.status == 200, page.html
        return page

    async def link(self, number: str, login: str = "anna") -> Page:
        """The whole flow: the link page, the Hub login, the short code texted back."""
        page = await self.login_page(number, login)
        greeting = await self.text(number, short_code(page))
        assert any("Välkommen" in t for t in greeting), greeting
        return page

    async def sign_in_console(self, http: aiohttp.ClientSession, login: str) -> str:
        """Support signs in on the console's form; the session's CSRF token."""
        form = await (await http.get(f"{self.base}/console/login")).text()
        token = csrf_of(form)
        answer = await http.post(
            f"{self.base}/console/login",
            data={"login": login, "password": "demo", "csrf_token": token, "next": ""},
            allow_redirects=False,
        )
        assert answer.status == 303, await answer.text()
        landing = await http.get(self.base + answer.headers["Location"])
        return csrf_of(await landing.text())


def link_in(texts: list[str]) -> str:
    for text in texts:
        found = URL.search(text)
        if found:
            return found.group(0)
    raise AssertionError(f"no link in {texts}")


def short_code(page: Page) -> str:
    """The code as the page shows it to type (ABCD-EFGH)."""
    found = re.search(r'data-link-short-code="([^"]+)"', page.html)
    assert found, page.html
    code = found.group(1)
    return f"{code[:4]}-{code[4:]}"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)
