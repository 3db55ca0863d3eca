"""A fake 46elks SMS gateway on loopback, for tests and benchmarks.

It speaks the documented API over real HTTP: `POST /a1/sms` with HTTP basic
auth and the form fields `from`, `to` (E.164), `message`, optional
`whendelivered`, answering the JSON of a created SMS with its billed `parts`;
plain-text 4xx answers for a bad request, 401 for wrong credentials, 429
"Too Many Requests" above its rate. It plays the guardians' phones too: `text()`
posts an incoming SMS (direction=incoming, id, from, to, created, message) to
the bot's webhook, and `report()` posts a delivery report (id, status,
delivered) to the URL the bot gave in `whendelivered`.

Parts are counted here on its own (GSM 7-bit: 160, or 153 per part when
concatenated; otherwise UCS-2: 70, or 67), so a test can hold the bot's own
count against the gateway's.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import math
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

import aiohttp
from aiohttp import web

from bot.clock import Clock, SystemClock

DEFAULT_USERNAME = "u0123456789abcdef"
DEFAULT_PASSWORD = "fake-elks-password"
SEND_PATH = "/a1/sms"
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
SENDER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{2,10}$")
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXT = set("^{}\\[~]|€\f")


def billed_parts(message: str) -> tuple[int, str]:
    """(parts, encoding) as the operator bills the message."""
    if all(c in _GSM or c in _GSM_EXT for c in message):
        size = sum(2 if c in _GSM_EXT else 1 for c in message)
        return (1 if size <= 160 else math.ceil(size / 153)), "gsm"
    units = len(message.encode("utf-16-le")) // 2
    return (1 if units <= 70 else math.ceil(units / 67)), "ucs2"


@dataclass
class SentSms:
    id: str
    sender: str
    to: str
    message: str
    parts: int
    encoding: str
    whendelivered: str | None
    created: str
    status: str = "sent"


@dataclass
class Failure:
    status: int
    body: str
    retry_after: float | None = None


@dataclass
class FakeSmsGateway:
    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    # Sends allowed per second before it answers 429 (None: no limit).
    rate_per_second: float | None = None
    clock: Clock = field(default_factory=SystemClock)
    monotonic: Callable[[], float] = time.monotonic
    sent: list[SentSms] = field(default_factory=list)
    # Every send call, answered or refused: (status, to).
    calls: list[tuple[int, str]] = field(default_factory=list)
    # Numbers the operator cannot reach: their sends are accepted, their reports say failed.
    unreachable: set[str] = field(default_factory=set)
    base_url: str = ""
    _failures: deque[Failure] = field(default_factory=deque)
    _recent: deque[float] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post(SEND_PATH, self._send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.base_url = f"http://127.0.0.1:{port}"
        self._changed = asyncio.Condition()
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSmsGateway:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- hooks -----------------------------------------------------------------------------

    def fail_next(self, status: int, body: str = "", *, retry_after: float | None = None) -> None:
        """The next send call is answered so (e.g. 429 with Retry-After, 503, 403 text)."""
        self._failures.append(Failure(status, body, retry_after))

    def to(self, number: str) -> list[SentSms]:
        return [s for s in self.sent if s.to == number]

    def texts_to(self, number: str) -> list[str]:
        return [s.message for s in self.to(number)]

    async def wait_for(
        self,
        number: str,
        count: int,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> list[SentSms]:
        """Bounded only for a failing test: the bot's SMS to `number`, once `count` came."""
        assert self._changed is not None, "start the gateway first"

        async def enough() -> None:
            assert self._changed is not None
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.to(number)) >= count)

        try:
            await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{len(self.to(number))} SMS to the number, expected {count}:"
                f" {self.texts_to(number)}"
            ) from None
        return self.to(number)

    # -- the phone side ----------------------------------------------------------------------

    async def text(
        self, webhook_url: str, sender: str, message: str, *, to: str = "+46766860000",
        message_id: str | None = None,
    ) -> int:  # fmt: skip
        """A guardian's SMS, posted to the bot's webhook as the gateway does; the answer's status."""
        form = {
            "direction": "incoming",
            "id": message_id or f"s{next(self._ids):032x}",
            "from": sender,
            "to": to,
            "created": self.clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
            "message": message,
        }
        async with aiohttp.ClientSession() as http, http.post(webhook_url, data=form) as resp:
            return resp.status

    async def report(self, sms: SentSms, status: str | None = None) -> int:
        """The delivery report of one sent SMS to its `whendelivered` URL; the answer's status."""
        if not sms.whendelivered:
            raise AssertionError("that SMS asked for no delivery report")
        outcome = status or ("failed" if sms.to in self.unreachable else "delivered")
        sms.status = outcome
        form: dict[str, str] = {"id": sms.id, "status": outcome}
        if outcome == "delivered":
            form["delivered"] = self.clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        async with aiohttp.ClientSession() as http, http.post(sms.whendelivered, data=form) as r:
            return r.status

    async def report_all(self, number: str) -> list[int]:
        """Delivery reports for every SMS to the number not reported yet."""
        return [await self.report(s) for s in self.to(number) if s.status == "sent"]

    # -- the API ---------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.username and password == self.password

    def _over_rate(self) -> bool:
        if not self.rate_per_second:
            return False
        now = self.monotonic()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.rate_per_second:
            return True
        self._recent.append(now)
        return False

    async def _send(self, request: web.Request) -> web.Response:
        form = await request.post()
        to = str(form.get("to", ""))
        response = await self._answer(request, {k: str(v) for k, v in form.items()})
        self.calls.append((response.status, to))
        return response

    async def _answer(self, request: web.Request, form: dict[str, Any]) -> web.Response:
        if not self._authorized(request):
            return web.Response(status=401, text="Unauthorized")
        if self._failures:
            failure = self._failures.popleft()
            headers = {"Retry-After": str(int(failure.retry_after))} if failure.retry_after else {}
            return web.Response(status=failure.status, text=failure.body, headers=headers)
        for key in ("from", "to", "message"):
            if not form.get(key):
                return web.Response(status=403, text=f"Missing key {key}")
        sender, to, message = form["from"], form["to"], form["message"]
        if not E164.match(to):
            return web.Response(status=403, text="Invalid to number")
        if not (E164.match(sender) or SENDER_NAME.match(sender)):
            return web.Response(status=403, text="Invalid from")
        if self._over_rate():
            return web.Response(status=429, text="Too Many Requests")
        parts, encoding = billed_parts(message)
        sms = SentSms(
            id=f"s{next(self._ids):032x}",
            sender=sender,
            to=to,
            message=message,
            parts=parts,
            encoding=encoding,
            whendelivered=form.get("whendelivered") or None,
            created=self.clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        )
        self.sent.append(sms)
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()
        body = {
            "status": "created",
            "direction": "outgoing",
            "from": sender,
            "created": sms.created,
            "parts": parts,
            "to": to,
            "cost": 3500 * parts,
            "message": message,
            "id": sms.id,
        }
        return web.json_response(body)


@asynccontextmanager
async def fake_sms_gateway(**kwargs: Any) -> AsyncIterator[FakeSmsGateway]:
    gateway = FakeSmsGateway(**kwargs)
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.stop()
