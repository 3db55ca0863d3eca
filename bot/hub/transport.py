"""One HTTP exchange with the Hub, and what a failed one means.

Every request the client makes goes through `HubHttp.send`, which is where the
rules that keep us safe live: only our own origins, no automatic redirects (a
redirect is information: a dead session or an OAuth code), `Retry-After`
honoured up to a cap, and the distinction that decides whether a write may be
repeated: a connection that never opened changed nothing (`HubUnavailable`),
while a write that timed out or lost its answer may have happened
(`OutcomeUnknown`).

All accounts share one connector (one connection pool); each account has its
own `ClientSession` on it, only to keep its own cookie jar. A long `Retry-After`
is remembered for all of them: the Hub limits the caller, not one account.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot import __version__
from bot.clock import Clock
from bot.hub.endpoints import HubEndpoints
from bot.hub.errors import HubError, HubUnavailable, OutcomeUnknown, RateLimited

log = logging.getLogger("bot.hub")

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class HubTimeouts:
    """Seconds. `connect` is short: failing to connect is safe to report at once."""

    connect: float = 5.0
    read: float = 20.0
    total: float = 30.0

    def client_timeout(self) -> aiohttp.ClientTimeout:
        return aiohttp.ClientTimeout(
            total=self.total, connect=self.connect, sock_connect=self.connect, sock_read=self.read
        )


@dataclass(frozen=True, slots=True)
class Answer:
    """A Hub answer read in full. Bodies stay in memory only for the call that made them."""

    status: int
    url: URL
    headers: CIMultiDictProxy[str] | CIMultiDict[str]
    body: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def is_redirect(self) -> bool:
        return self.status in (301, 302, 303, 307, 308)

    @property
    def location(self) -> URL | None:
        value = self.headers.get("Location")
        return self.url.join(URL(value)) if value else None

    @property
    def is_html(self) -> bool:
        head = self.body.lstrip()[:15].lower()
        return self.content_type == "text/html" or head.startswith((b"<!doctype", b"<html"))

    def json(self) -> Any:
        return json.loads(self.body)


def parse_retry_after(value: str | None, now: datetime, default: float = 5.0) -> float:
    """Seconds from `Retry-After`: a number, or an HTTP date measured against our clock."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - now).total_seconds())


class HubHttp:
    """The shared transport: connector, timeouts, allow-list, rate-limit memory."""

    def __init__(
        self,
        endpoints: HubEndpoints,
        clock: Clock,
        *,
        timeouts: HubTimeouts | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retry_wait: float = 30.0,
        max_rate_retries: int = 2,
        user_agent: str = f"Hubbot/{__version__}",
    ) -> None:
        self.endpoints = endpoints
        self.clock = clock
        self.timeouts = timeouts or HubTimeouts()
        self.sleep = sleep
        self.max_retry_wait = max_retry_wait
        self.max_rate_retries = max_rate_retries
        self.user_agent = user_agent
        self._connector: aiohttp.TCPConnector | None = None
        self._bare: aiohttp.ClientSession | None = None
        self._blocked_until: datetime | None = None

    def open_session(self, *, cookies: bool = True) -> aiohttp.ClientSession:
        """A session with its own cookie jar on the shared connection pool."""
        if self._connector is None or self._connector.closed:
            self._connector = aiohttp.TCPConnector(limit=50, limit_per_host=10)
        return aiohttp.ClientSession(
            connector=self._connector,
            connector_owner=False,
            # unsafe: the sandbox lives on an IP address, whose cookies aiohttp drops otherwise.
            cookie_jar=aiohttp.CookieJar(unsafe=True) if cookies else aiohttp.DummyCookieJar(),
            timeout=self.timeouts.client_timeout(),
            headers={"User-Agent": self.user_agent},
        )

    @property
    def bare(self) -> aiohttp.ClientSession:
        """A cookieless session for the token endpoints."""
        if self._bare is None or self._bare.closed:
            self._bare = self.open_session(cookies=False)
        return self._bare

    async def close(self) -> None:
        if self._bare is not None:
            await self._bare.close()
        if self._connector is not None:
            await self._connector.close()

    async def send(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: URL,
        *,
        write: bool = False,
        operation: str = "",
        json_body: Any = None,
        form: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        xhr: bool = True,
    ) -> Answer:
        """Send once (plus waits on 429) and read the whole answer. Never follows redirects."""
        if not self.endpoints.allows(url):
            raise HubError(f"refusing to contact {url.origin()}: not a Hub origin")
        operation = operation or url.path
        request_headers: dict[str, str] = dict(headers or {})
        data: bytes | dict[str, str] | None = None
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode()
            request_headers["Content-Type"] = "application/json; charset=utf-8"
        elif form is not None:
            data = {k: _form_value(v) for k, v in form.items()}
        if xhr:
            request_headers.setdefault("X-Requested-With", "XMLHttpRequest")
            request_headers.setdefault("Accept", "application/json, text/plain, */*")

        for attempt in range(self.max_rate_retries + 1):
            await self._wait_if_blocked()
            try:
                async with session.request(
                    method, url, data=data, headers=request_headers, allow_redirects=False
                ) as resp:
                    body = await resp.read()
                    answer = Answer(resp.status, resp.url, resp.headers, body)
            except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
                # The connection never opened: nothing reached the Hub.
                raise HubUnavailable(f"cannot connect to the Hub: {type(exc).__name__}") from exc
            except (TimeoutError, aiohttp.ClientError) as exc:
                log.warning("hub %s %s failed: %s", method, url.path, type(exc).__name__)
                if write:
                    raise OutcomeUnknown(
                        operation, f"the answer was lost ({type(exc).__name__})"
                    ) from exc
                raise HubUnavailable(f"the Hub did not answer: {type(exc).__name__}") from exc
            log.debug("hub %s %s -> %s", method, url.path, answer.status)

            if answer.status == 429:
                wait = parse_retry_after(answer.headers.get("Retry-After"), self.clock.now())
                self._blocked_until = self.clock.now() + timedelta(seconds=wait)
                if wait > self.max_retry_wait or attempt == self.max_rate_retries:
                    raise RateLimited(wait)
                log.info("hub rate limited on %s, waiting %.1f s", url.path, wait)
                await self.sleep(wait)
                self._blocked_until = None
                continue
            if answer.status >= 500:
                retry = parse_retry_after(answer.headers.get("Retry-After"), self.clock.now())
                if write and answer.status != 503:
                    raise OutcomeUnknown(operation, f"the Hub answered {answer.status}")
                raise HubUnavailable(f"the Hub answered {answer.status}", retry_after=retry)
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait_if_blocked(self) -> None:
        if self._blocked_until is None:
            return
        wait = (self._blocked_until - self.clock.now()).total_seconds()
        if wait <= 0:
            self._blocked_until = None
            return
        if wait > self.max_retry_wait:
            raise RateLimited(wait)
        await self.sleep(wait)
        self._blocked_until = None


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
