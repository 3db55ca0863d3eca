"""What the Telegram tests share: virtual time, a browser played by code, a running bot.

`TelegramBot.started` runs the real PTB Application (long polling) against the
fake Bot API server, with the real services and the embedded sandbox Hub, all
on loopback ports. The send limiter's time is virtual: a test decides when a
paused chat's wait is over, so nothing sleeps on the real clock.
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
from yarl import URL

from bot.app.browser_login import filled_login
from bot.app.telegram import telegram_channel
from bot.app.wiring import App, start_app
from bot.channels.telegram import (
    TelegramChannel,
    TelegramRateLimiter,
    build_application,
    telegram_pacer,
)
from bot.channels.telegram.sender import CHANNEL
from bot.clock import ManualClock
from bot.hub.forms import parse_forms
from bot.settings import Settings
from bot.storage.models import ChatKey, MemberKey
from bot.testing import FakeBotApi, SentMessage

START = "2026-11-26T07:30:00+01:00"  # a Thursday morning


class VirtualTime:
    """A monotonic clock and a sleep for the send limiter.

    Free-running by default: a sleep moves time on at once. With `hold()`, a
    sleep waits until the test calls `advance()` past its end.
    """

    def __init__(self) -> None:
        self.now = 1_000.0
        self.held = False
        self.sleeps: list[float] = []
        self._moved = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if not self.held:
            self.now += seconds
            await asyncio.sleep(0)
            return
        until = self.now + seconds
        while self.now < until:
            self._moved.clear()
            await self._moved.wait()

    def hold(self) -> None:
        self.held = True

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self._moved.set()

    async def until_sleeping(self, count: int = 1, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait (bounded, only for a failing test) until someone sleeps on this clock."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.sleeps) < count:
            if loop.time() > deadline:
                raise AssertionError(f"nobody slept on the virtual clock ({self.sleeps})")
            await asyncio.sleep(0.005)


@dataclass
class Page:
    url: URL
    status: int
    html: str

    @property
    def link_code(self) -> str:
        """The one-time code the page hands out (`data-link-code`)."""
        match = re.search(r'data-link-code="([^"]+)"', self.html)
        if match is None:
            raise AssertionError(f"no link code on {self.url}:\n{self.html}")
        return match.group(1)

    def link(self, element_id: str) -> str:
        match = re.search(rf'id="{element_id}" href="([^"]+)"', self.html) or re.search(
            rf'href="([^"]+)"[^>]*id="{element_id}"', self.html
        )
        if match is None:
            raise AssertionError(f"no link #{element_id} on {self.url}:\n{self.html}")
        return match.group(1).replace("&amp;", "&")


async def browse(url: str, *, login: str = "anna", password: str = "demo") -> Page:
    """Open a link in a fresh browser: follow redirects, fill in the Hub's login form."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        return await _browse(session, url, login, password)


async def _browse(session: aiohttp.ClientSession, url: str, login: str, password: str) -> Page:
    current = URL(url)
    method, data = "GET", None
    for _ in range(15):
        async with session.request(method, current, data=data, allow_redirects=False) as resp:
            body = await resp.text()
            if resp.status in (301, 302, 303, 307, 308):
                location = URL(resp.headers["Location"])
                if location.host == "t.me":
                    return Page(location, resp.status, body)
                current = current.join(location)
                method, data = "GET", None
                continue
            form = next((f for f in parse_forms(body) if f.has_password), None)
            if form is None or resp.status not in (200, 401):
                return Page(current, resp.status, body)
            if data is not None and method == "POST":
                return Page(current, resp.status, body)  # the login was refused
            current = current.join(URL(form.action or str(current)))
            method, data = form.method, filled_login(form, login, password)
    raise AssertionError("too many redirects")


def start_code(deep_link: str) -> str:
    parsed = URL(deep_link)
    assert parsed.host == "t.me", deep_link
    return parsed.query["start"]


@dataclass
class TelegramBot:
    app: App
    fake: FakeBotApi
    channel: TelegramChannel
    clock: ManualClock
    time: VirtualTime

    @classmethod
    @asynccontextmanager
    async def started(
        cls, data_dir: Path, *, now: str = START, polling: bool = True, **settings: Any
    ) -> AsyncIterator[TelegramBot]:
        clock = ManualClock(datetime.fromisoformat(now))
        config = Settings(data_dir=data_dir, web_port=0, **settings)
        services = await start_app(config, clock)
        virtual = VirtualTime()
        try:
            async with FakeBotApi(clock=clock) as fake:
                pacer = telegram_pacer(monotonic=virtual.monotonic, sleep=virtual.sleep)
                application = build_application(
                    fake.token, fake.base_url, polling=polling, limiter=TelegramRateLimiter(pacer)
                )
                channel = telegram_channel(services, application)
                bot = cls(services, fake, channel, clock, virtual)
                if polling:
                    await channel.start_polling(poll_timeout=1.0)
                try:
                    yield bot
                finally:
                    await channel.stop()
        finally:
            await services.close()

    def member(self, chat_id: int, user_id: int | None = None) -> MemberKey:
        chat = ChatKey(CHANNEL, str(chat_id))
        return chat.member(None if user_id is None else str(user_id))

    async def say(
        self, chat_id: int, text: str, *, wait: int = 1, **kwargs: Any
    ) -> list[SentMessage]:
        """A user's message; returns the bot's new messages once `wait` have arrived."""
        before = len(self.fake.transcript(chat_id))
        self.fake.push_text(chat_id, text, **kwargs)
        messages = await self.fake.wait_for(chat_id, before + wait)
        return messages[before:]

    async def press(self, chat_id: int, label: str, **kwargs: Any) -> str:
        query = self.fake.press(chat_id, label, **kwargs)
        await self.fake.wait_for(chat_id, lambda _: self.fake.callback_answer(query) is not None)
        return query

    async def deliver_notices(self) -> int:
        """What the outbox holds for Telegram chats, through the channel's sender.

        A moment after the replies: the limiter spaces a chat's outbox messages a
        second apart, and a reply of several parts may just have run ahead of that.
        """
        self.time.advance(5)
        sent = 0
        for item in await self.app.store.claim_due(100, now=self.clock.now()):
            delivery = await self.channel.sender.send(item.chat, dict(item.payload))
            if delivery.status.value == "sent":
                await self.app.store.mark_sent(item.id)
                sent += 1
            else:
                await self.app.store.mark_dead(item.id, delivery.error)
        return sent

    async def link_private_chat(self, chat_id: int, login: str = "anna") -> Page:
        """The whole flow a guardian goes through, from /start to the page with the code
        and its `/start CODE` sent back from the same chat."""
        page = await self.login_page(chat_id, login)
        [greeting] = await self.say(chat_id, f"/start {start_code(page.link('redeem'))}")
        assert "Välkommen" in greeting.text, greeting.text
        return page

    async def login_page(self, chat_id: int, login: str = "anna") -> Page:
        """From /start in `chat_id` through the Hub login to the page with the code."""
        welcome = await self.say(chat_id, "/start")
        url = url_button(welcome[-1])
        return await browse(url, login=login)


def url_button(message: SentMessage) -> str:
    for row in message.buttons:
        for _label, target in row:
            if target and target.startswith(("http://", "https://")):
                return target
    raise AssertionError(f"no link button on {message.text!r}: {message.buttons}")
