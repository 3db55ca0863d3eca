"""The send call of 46elks' HTTP API: `POST {base}/a1/sms`, a form, HTTP basic auth.

Each answer becomes one of a few named outcomes the sender maps onto the
outbox's paths: sent (with the gateway's id and billed parts), wait (429), try
later (network trouble, 5xx, or our credentials refused: a configuration
error must not lose messages), the number is unusable, or this one message
is refused. Nothing here logs a number or a text.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from enum import StrEnum

import aiohttp
from pydantic import ValidationError

from bot.channels.sms.wire import SentSms

log = logging.getLogger(__name__)

SEND_PATH = "/a1/sms"
DEFAULT_RETRY_AFTER_S = 5.0
TIMEOUT_S = 15.0
# Words in a 4xx answer that say the recipient itself is the problem.
NUMBER_WORDS = ("to number", "invalid to", "recipient", "not a valid phone", "blocked number")


class Failure(StrEnum):
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    NUMBER = "number"
    REFUSED = "refused"


class GatewayError(Exception):
    def __init__(self, failure: Failure, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"{failure.value}: {detail}")
        self.failure = failure
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    api_url: str
    username: str
    password: str
    sender: str

    @property
    def send_url(self) -> str:
        return self.api_url.rstrip("/") + SEND_PATH


def _retry_after(value: str | None) -> float:
    try:
        return max(float(value or ""), 0.0)
    except ValueError:
        return DEFAULT_RETRY_AFTER_S


def _short(body: str) -> str:
    """The gateway's error text, bounded: it names a field, never echoes the message."""
    return " ".join(body.split())[:80]


class ElksGateway:
    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self._http: aiohttp.ClientSession | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            credentials = f"{self.config.username}:{self.config.password}".encode()
            self._http = aiohttp.ClientSession(
                headers={"Authorization": "Basic " + base64.b64encode(credentials).decode()},
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
            )
        return self._http

    async def send(self, to: str, message: str, *, whendelivered: str | None = None) -> SentSms:
        form = {"from": self.config.sender, "to": to, "message": message}
        if whendelivered:
            form["whendelivered"] = whendelivered
        try:
            async with self._session().post(self.config.send_url, data=form) as resp:
                body = await resp.text()
                status = resp.status
                retry_after = resp.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise GatewayError(Failure.UNAVAILABLE, type(exc).__name__) from exc
        if status == 200:
            try:
                return SentSms.model_validate_json(body)
            except ValidationError as exc:
                raise GatewayError(Failure.UNAVAILABLE, "unreadable answer") from exc
        if status == 429:
            raise GatewayError(Failure.RATE_LIMITED, "429", _retry_after(retry_after))
        if status >= 500:
            raise GatewayError(Failure.UNAVAILABLE, str(status))
        if status in (401, 402):
            # Our account (credentials, credit): every number fails alike; keep the messages.
            log.warning("the SMS gateway refused the account: HTTP %d", status)
            raise GatewayError(Failure.UNAVAILABLE, str(status))
        detail = _short(body)
        if any(word in detail.casefold() for word in NUMBER_WORDS):
            raise GatewayError(Failure.NUMBER, f"{status} {detail}")
        raise GatewayError(Failure.REFUSED, f"{status} {detail}")

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None
