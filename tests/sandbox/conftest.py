"""A real sandbox Hub on a loopback port, and a browser-like client for it.

The clock is a ManualClock set to a Wednesday morning in term time; tests move
it by hand. Each test gets a fresh database in tmp_path.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.clock import STOCKHOLM, ManualClock
from bot.sandbox import SandboxHub

START = datetime(2026, 11, 25, 9, 0, tzinfo=STOCKHOLM)  # a Wednesday
HOME_DATA = re.compile(r"IMHome\.home\.homeData = (\{.*?\}); IMHome\.home\.init\(", re.S)


@dataclass
class Answer:
    status: int
    text: str
    headers: Any

    @property
    def data(self) -> Any:
        return json.loads(self.text)

    @property
    def is_dead_session(self) -> bool:
        return self.status == 200 and self.text == ""


class Browser:
    """A cookie-keeping HTTP client that talks to the Hub the way the bot's client will."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = aiohttp.CookieJar(unsafe=True)
        self.http = aiohttp.ClientSession(cookie_jar=self.jar)

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        follow: bool = False,
    ) -> Answer:
        kwargs: dict[str, Any] = {"allow_redirects": follow, "headers": headers or {}}
        if json_body is not None:
            kwargs["json"] = json_body
            kwargs["headers"] = {"X-Requested-With": "XMLHttpRequest", **kwargs["headers"]}
        if form is not None:
            kwargs["data"] = form
        async with self.http.request(method, self.url(path), **kwargs) as response:
            return Answer(response.status, await response.text(), response.headers)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return await self.request("POST", path, json_body={} if body is None else body, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> Answer:
        return await self.request("GET", path, **kwargs)

    async def login(self, user: str, password: str = "demo", return_url: str = "/") -> Answer:
        form = {
            "login_ascx$txtNotandanafn": user,
            "login_ascx$txtLykilord": password,
            "login_ascx$btnLogin": "Logga in",
            "ReturnUrl": return_url,
        }
        return await self.request("POST", "/swedish/production/mentor/", form=form)

    async def home(self) -> dict[str, Any]:
        answer = await self.get("/")
        assert answer.status == 200, answer.status
        match = HOME_DATA.search(answer.text)
        assert match, answer.text[:200]
        data: dict[str, Any] = json.loads(match[1])
        return data

    async def switch(self, child_id: int) -> Answer:
        return await self.get(f"/Account/PupilSwitcher/SwitchPupil/{child_id}")

    async def as_user(self, user: str, child_id: int | None = None) -> Browser:
        answer = await self.login(user)
        assert answer.status == 302, answer.text[:300]
        if child_id is not None:
            await self.switch(child_id)
        return self

    async def close(self) -> None:
        await self.http.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sandbox-hub.db"


@pytest.fixture
async def hub(db_path: Path, clock: ManualClock) -> AsyncIterator[SandboxHub]:
    sandbox = SandboxHub(db_path, clock, redirect_allow=("https://bot.example/oauth/callback",))
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def browser(hub: SandboxHub) -> AsyncIterator[Callable[[], Browser]]:
    made: list[Browser] = []

    def make() -> Browser:
        assert hub.base_url is not None
        made.append(Browser(hub.base_url))
        return made[-1]

    yield make
    for b in made:
        await b.close()


@pytest.fixture
def signed_in(
    browser: Callable[[], Browser],
) -> Callable[[str, int | None], Awaitable[Browser]]:
    async def sign_in(user: str, child_id: int | None = None) -> Browser:
        return await browser().as_user(user, child_id)

    return sign_in
