"""The console against the real thing: the bot's services, the sandbox Hub, the store.

`console` is an aiohttp test client on an app that holds only the console's
routes, built around a `BotHarness` (sandbox Hub on a loopback port, manual
clock). Staff sign in through the real Hub login (`sign_in`), or, for the
access matrix, get a session row directly (`session_for`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher
from yarl import URL

from bot.storage.models import StaffRole
from bot.testing.conversation import BotHarness
from bot.web.console import ConsoleSettings, install_console
from bot.web.console.session_cookie import PLAIN_NAME

ADMIN_PASSWORD = "a-long-admin-passphrase"
# argon2id with small costs: the check is the same, the test stays fast.
ADMIN_HASH = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(ADMIN_PASSWORD)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def console_settings(**overrides: object) -> ConsoleSettings:
    values: dict[str, object] = {
        "admin_login": "admin",
        "admin_password_hash": ADMIN_HASH,
        "secure_cookies": "auto",
        "session_idle_minutes": 20,
    }
    values.update(overrides)
    return ConsoleSettings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness.started(tmp_path / "data", _env_file=None) as harness:
        yield harness


@pytest.fixture
def console_app(bot: BotHarness) -> web.Application:
    app = web.Application()
    install_console(bot.app.console_ports, console_settings())(app)
    return app


@pytest.fixture
async def console(aiohttp_client, console_app: web.Application) -> TestClient:
    client: TestClient = await aiohttp_client(console_app)
    return client


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


async def sign_in(client: TestClient, login: str, password: str = "demo") -> str:
    """Signs in through the console's form; returns the session's CSRF token."""
    form_page = await client.get("/console/login")
    token = csrf_of(await form_page.text())
    answer = await client.post(
        "/console/login",
        data={"login": login, "password": password, "csrf_token": token, "next": ""},
        allow_redirects=False,
    )
    assert answer.status == 303, await answer.text()
    landing = await client.get(answer.headers["Location"])
    assert landing.status == 200, await landing.text()
    return csrf_of(await landing.text())


async def session_for(
    bot: BotHarness,
    client: TestClient,
    role: StaffRole,
    *,
    login: str | None = None,
    municipality: str | None = None,
) -> str:
    """A session row made directly, its cookie on the client; returns its CSRF token."""
    session_id, session = await bot.app.store.create_staff_session(
        login=login or f"{role.value}-tester",
        display_name=(login or role.value).title(),
        role=role,
        municipality=municipality or bot.app.profile.key,
        hub_token=None,
    )
    client.session.cookie_jar.update_cookies(
        {PLAIN_NAME: session_id}, response_url=URL(str(client.make_url("/")))
    )
    return session.csrf_token
