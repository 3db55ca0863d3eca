"""Shared Hub fixtures: a real sandbox Hub on a loopback port, on a hand-moved clock.

`sandbox` is the Hub itself. The client fixtures (`aiohub`, `link`, `sleeps`)
talk to it over real HTTP; `sleeps` records every wait the client asked for, so
no test waits on real time for a `Retry-After`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.hub import AiohttpHub, AiohttpHubClient, HubEndpoints, HubTimeouts
from bot.sandbox import SandboxHub

START = datetime.fromisoformat("2026-11-26T07:30:00+01:00")  # a Thursday morning
REDIRECT_URI = "http://127.0.0.1:9/hubbot/callback"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def sandbox(tmp_path: Path, clock: ManualClock) -> AsyncIterator[SandboxHub]:
    hub = SandboxHub(tmp_path / "sandbox-hub.db", clock, seed=True)
    await hub.start(host="127.0.0.1", port=0)
    try:
        yield hub
    finally:
        await hub.stop()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def redirect_uri() -> str:
    """Where the bot says it wants the OAuth code sent (loopback: allowed for `hubbot`)."""
    return REDIRECT_URI


def sandbox_url(sandbox: SandboxHub) -> str:
    assert sandbox.base_url is not None
    return sandbox.base_url


@pytest.fixture
async def aiohub(
    sandbox: SandboxHub, clock: ManualClock, sleeps: list[float]
) -> AsyncIterator[AiohttpHub]:
    async def recorded_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    hub = AiohttpHub(
        HubEndpoints.single(sandbox_url(sandbox)),
        clock,
        sleep=recorded_sleep,
        timeouts=HubTimeouts(connect=2, read=5, total=10),
    )
    try:
        yield hub
    finally:
        await hub.close()


@dataclass
class Linked:
    """A linked account as the bot keeps it: the client and every token it was told to save."""

    login: str
    client: AiohttpHubClient
    first_token: str
    saved: list[str] = field(default_factory=list)

    @property
    def current_token(self) -> str:
        return self.saved[-1] if self.saved else self.first_token


LinkFn = Callable[..., Awaitable[Linked]]


@pytest.fixture
def link(aiohub: AiohttpHub) -> LinkFn:
    """Link a demo account by password, as the terminal chat does."""

    async def make(login: str, password: str = "demo", hub: AiohttpHub | None = None) -> Linked:
        target = hub or aiohub
        tokens = await target.password_pairing(login, password)
        saved: list[str] = []

        async def save(token: str) -> None:
            saved.append(token)

        client = target.client(login, tokens.refresh_token, save)
        return Linked(login, client, tokens.refresh_token, saved)

    return make
