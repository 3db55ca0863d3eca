"""When things go wrong: mixed-up children, dead sessions, 429, outages, lost answers.

Lost answers need something between the client and the Hub that can lose them,
so `LossyProxy` is a real HTTP server on a loopback port that forwards to the
sandbox and, for chosen paths, hangs or hangs up after (or before) forwarding.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from multidict import CIMultiDict

from bot.clock import ManualClock
from bot.hub import (
    AbsenceSpan,
    AiohttpHub,
    HubEndpoints,
    HubTimeouts,
    HubUnavailable,
    OutcomeUnknown,
    RateLimited,
)
from bot.sandbox import SandboxHub

Link = Callable[..., Awaitable[Any]]  # the `link` fixture: login → a linked account

ELSA, NILS = "3100101", "3100102"
TODAY = date(2026, 11, 26)
TOMORROW = TODAY + timedelta(days=1)
HOP_HEADERS = {"content-length", "transfer-encoding", "content-encoding", "connection"}


class LossyProxy:
    """Forwards everything to the Hub; for a chosen path fragment, loses the answer.

    Modes: "hang" (forward, then never answer), "drop" (forward, then hang up),
    "drop-before" (hang up without forwarding).
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.rules: dict[str, str] = {}
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.url = ""

    async def start(self) -> str:
        self._http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self.url

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._http is not None
        mode = next(
            (m for fragment, m in self.rules.items() if fragment in request.path.lower()), None
        )
        body = await request.read()
        if mode == "drop-before":
            assert request.transport is not None
            request.transport.close()
            await self._release.wait()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        async with self._http.request(
            request.method,
            f"{self.upstream}{request.path_qs}",
            headers=headers,
            data=body,
            allow_redirects=False,
        ) as upstream:
            payload = await upstream.read()
            answer_headers = CIMultiDict(
                (k, v) for k, v in upstream.headers.items() if k.lower() not in HOP_HEADERS
            )
            status = upstream.status
        if mode == "drop":
            assert request.transport is not None
            request.transport.close()
            await self._release.wait()
        if mode == "hang":
            await self._release.wait()
        return web.Response(status=status, body=payload, headers=answer_headers)


@pytest.fixture
async def proxy(sandbox: SandboxHub) -> AsyncIterator[LossyProxy]:
    lossy = LossyProxy(str(sandbox.base_url))
    await lossy.start()
    try:
        yield lossy
    finally:
        await lossy.stop()


@pytest.fixture
async def lossy_hub(proxy: LossyProxy, clock: ManualClock) -> AsyncIterator[AiohttpHub]:
    # A short read timeout so that "hang" costs a fraction of a second of real time.
    hub = AiohttpHub(
        HubEndpoints.single(proxy.url), clock, timeouts=HubTimeouts(connect=2, read=0.3, total=5)
    )
    try:
        yield hub
    finally:
        await hub.close()


# -- two children, one server-side selection ----------------------------------------------------


async def test_two_children_read_concurrently_never_mix(link: Link) -> None:
    anna, peter = await link("anna"), await link("peter")
    start, end = TODAY - timedelta(days=3), TODAY + timedelta(days=30)

    def ids(items: list) -> frozenset:  # type: ignore[type-arg]
        return frozenset(str(i.id) for i in items)

    news = {c: ids(await anna.client.news(c)) for c in (ELSA, NILS)}
    calendar = {c: ids(await anna.client.calendar(c, start, end)) for c in (ELSA, NILS)}
    assert news[ELSA] != news[NILS] and calendar[ELSA] != calendar[NILS]

    calls, expected = [], []
    for _ in range(12):
        for client in (anna.client, peter.client):
            for child in (ELSA, NILS):
                calls.append(client.news(child))
                expected.append(news[child])
                calls.append(client.calendar(child, start, end))
                expected.append(calendar[child])
    results = await asyncio.gather(*calls)
    assert [ids(r) for r in results] == expected


# -- dead sessions --------------------------------------------------------------------------------


async def test_dead_session_is_repaired_with_a_fresh_login(
    link: Link, sandbox: SandboxHub
) -> None:
    anna = await link("anna")
    before = await anna.client.news(ELSA)
    assert (anna.client.session.logins, len(anna.saved)) == (1, 1)

    assert sandbox.expire_sessions() >= 1
    assert await anna.client.news(ELSA) == before
    assert (anna.client.session.logins, len(anna.saved)) == (2, 2)
    assert anna.saved[1] != anna.saved[0]


async def test_dead_session_during_a_write_is_safe_to_repeat(
    link: Link, sandbox: SandboxHub
) -> None:
    anna = await link("anna")
    await anna.client.attendance(NILS)
    sandbox.expire_sessions()
    box = await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.full_day())
    assert box.absent_tomorrow
    # The first post met a dead session (empty 200, nothing done); the second did it.
    assert sandbox.reads("registerattendance") == 2
    reported = [r for r in (await anna.client.attendance_list(NILS)).items if r.day == TOMORROW]
    assert len(reported) == 1


async def test_idle_session_is_renewed_before_use(
    link: Link, sandbox: SandboxHub, clock: ManualClock
) -> None:
    anna = await link("anna")
    await anna.client.news(ELSA)
    reads = sandbox.reads("getnewslist")
    clock.advance(hours=3)
    await anna.client.news(ELSA)
    assert sandbox.reads("getnewslist") == reads + 1  # no call wasted on a dead session
    assert anna.client.session.logins == 2


# -- rate limits ----------------------------------------------------------------------------------


async def test_retry_after_is_honoured(
    link: Link, sandbox: SandboxHub, sleeps: list[float]
) -> None:
    anna = await link("anna")
    expected = await anna.client.news(NILS)
    reads = sandbox.reads("getnewslist")
    sandbox.fail_next("getnewslist", 429, retry_after=7)
    assert await anna.client.news(NILS) == expected
    assert sleeps == [7]
    assert sandbox.reads("getnewslist") == reads + 2


async def test_a_429_on_a_write_is_waited_out_and_sent_once_more(
    link: Link, sandbox: SandboxHub, sleeps: list[float]
) -> None:
    anna = await link("anna")
    sandbox.fail_next("registersessionattendance", 429, retry_after=2)
    box = await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.morning())
    assert box.absent_tomorrow and sleeps == [2]


async def test_too_long_a_wait_is_reported_and_remembered(
    link: Link, sandbox: SandboxHub, sleeps: list[float], clock: ManualClock
) -> None:
    anna = await link("anna")
    await anna.client.news(NILS)
    sandbox.fail_next("getnewslist", 429, retry_after=3600)
    with pytest.raises(RateLimited) as caught:
        await anna.client.news(NILS)
    assert caught.value.retry_after == 3600 and sleeps == []

    asked = len(sandbox.request_log)
    with pytest.raises(RateLimited):  # the Hub is left alone until the time has passed
        await anna.client.calendar(NILS, TODAY, TODAY)
    assert len(sandbox.request_log) == asked

    clock.advance(seconds=3601)
    assert await anna.client.news(NILS)


# -- the Hub away ---------------------------------------------------------------------------------


async def test_hub_down_is_unavailable_for_reads_and_writes(
    link: Link, sandbox: SandboxHub
) -> None:
    anna = await link("anna")
    await anna.client.news(NILS)
    sandbox.set_down(True)
    with pytest.raises(HubUnavailable):
        await anna.client.news(NILS)
    with pytest.raises(HubUnavailable):  # a 503 did nothing: safe to say so, not "unknown"
        await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.full_day())
    sandbox.set_down(False)
    assert not (await anna.client.attendance(NILS)).absent_tomorrow


async def test_nobody_listening_is_unavailable(clock: ManualClock) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with AiohttpHub(HubEndpoints.single(f"http://127.0.0.1:{port}"), clock) as hub:
        with pytest.raises(HubUnavailable):
            await hub.oauth.refresh("anything")
        client = hub.client("anna", "anything", lambda _: None)
        with pytest.raises(HubUnavailable):
            await client.register_absence(NILS, TOMORROW, AbsenceSpan.full_day())


async def test_server_error_on_a_write_is_unknown_and_not_repeated(
    link: Link, sandbox: SandboxHub
) -> None:
    anna = await link("anna")
    sandbox.fail_next("registerattendance", 500)
    with pytest.raises(OutcomeUnknown) as caught:
        await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.full_day())
    assert caught.value.operation == "register_absence"
    assert sandbox.reads("registerattendance") == 1


# -- lost answers ---------------------------------------------------------------------------------


async def test_write_timeout_is_outcome_unknown_and_never_retried(
    link: Link, lossy_hub: AiohttpHub, proxy: LossyProxy, sandbox: SandboxHub
) -> None:
    anna = await link("anna", hub=lossy_hub)
    (karin, *_) = await anna.client.recipients(NILS)
    proxy.rules["sendmessage"] = "hang"
    with pytest.raises(OutcomeUnknown) as caught:
        await anna.client.send_message(NILS, [karin.id], "Utflykt", "Matsäck?")
    assert "TimeoutError" in caught.value.reason
    assert sandbox.reads("sendmessage") == 1
    proxy.rules.clear()
    sent = await anna.client.messages(inbox=False, child=NILS)
    assert [m.message_subject for m in sent.items].count("Utflykt") == 1


async def test_lost_answer_of_an_absence_is_settled_by_reading_back(
    link: Link, lossy_hub: AiohttpHub, proxy: LossyProxy, sandbox: SandboxHub
) -> None:
    anna = await link("anna", hub=lossy_hub)
    proxy.rules["registersessionattendance"] = "drop"
    box = await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.afternoon())
    assert box.absent_tomorrow and box.absence_tomorrow_span == AbsenceSpan.afternoon()
    assert sandbox.reads("registersessionattendance") == 1


async def test_lost_request_that_never_arrived_stays_unknown(
    link: Link, lossy_hub: AiohttpHub, proxy: LossyProxy, sandbox: SandboxHub
) -> None:
    anna = await link("anna", hub=lossy_hub)
    proxy.rules["registerattendance"] = "drop-before"
    with pytest.raises(OutcomeUnknown):
        await anna.client.register_absence(NILS, TOMORROW, AbsenceSpan.full_day())
    assert sandbox.reads("registerattendance") == 0
    assert not (await anna.client.attendance(NILS)).absent_tomorrow


async def test_lost_answer_of_a_booking_is_settled_by_reading_back(
    link: Link, lossy_hub: AiohttpHub, proxy: LossyProxy
) -> None:
    anna = await link("anna", hub=lossy_hub)
    (slot, *_) = await anna.client.meeting_slots(NILS)
    proxy.rules["bookavailability"] = "hang"
    booking = await anna.client.book_meeting(NILS, slot.availability_id)
    assert str(booking.availability_id) == str(slot.availability_id)


async def test_read_timeout_is_unavailable(
    link: Link, lossy_hub: AiohttpHub, proxy: LossyProxy
) -> None:
    anna = await link("anna", hub=lossy_hub)
    expected = await anna.client.news(NILS)
    proxy.rules["getnewslist"] = "hang"
    with pytest.raises(HubUnavailable):
        await anna.client.news(NILS)
    proxy.rules.clear()
    assert await anna.client.news(NILS) == expected
