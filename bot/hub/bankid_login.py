"""Linking by BankID, server-side: the bot's server holds the Hub web session.

As open apps do for their users (kolplattformen's Skolplattformen app logs in
server to server; its flow is `initialize=bankid` → `{order, token}` → poll
`verifyorder` until OK → complete), the server starts the Hub's BankID order in
a web session of its own, the link page shows the guardian how to open her
BankID app (the autostart token, also for a QR code) and waits, and when the
order is approved the server completes the login in that same session, pairs
it as a device and drops it. The sandbox's BankID stand-in (`/sso/bankid/*`)
is designed here; its "phone" page plays the BankID app.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
from pydantic import BaseModel, ValidationError
from yarl import URL

from bot.hub.answers import HtmlInsteadOfJson, SessionDead, read_json
from bot.hub.errors import HubError, LoginRequired
from bot.hub.models import TokenSet
from bot.hub.oauth import OAuthClient
from bot.hub.password_login import pair_and_log_out
from bot.hub.transport import HubHttp

log = logging.getLogger("bot.hub")

INITIALIZE_PATH = "/sso/bankid/initialize"
VERIFY_PATH = "/sso/bankid/verifyorder"
COMPLETE_PATH = "/sso/bankid/complete"
PHONE_PATH = "/sso/bankid/approve"
# A held session not finished by then is dropped (BankID orders live three minutes).
HOLD_FOR = timedelta(minutes=5)
OK = "OK"
WAITING = frozenset({"PENDING", "USER_SIGN"})


class _Ticket(BaseModel):
    order: str
    token: str


class _Verdict(BaseModel):
    state: str


@dataclass
class _Held:
    session: aiohttp.ClientSession
    started: datetime


@dataclass(frozen=True, slots=True)
class BankIdOrder:
    order: str
    autostart_token: str
    app_url: str


@dataclass(frozen=True, slots=True)
class BankIdPoll:
    state: str
    tokens: TokenSet | None = None


class BankIdLogins:
    """Web sessions the server holds while a guardian approves in her BankID app."""

    def __init__(self, http: HubHttp, oauth: OAuthClient, *, phone_page: bool) -> None:
        self._http = http
        self._oauth = oauth
        # The sandbox's "phone" page stands in for the app; the real app opens by bankid://.
        self._phone_page = phone_page
        self._held: dict[str, _Held] = {}

    async def start(self) -> BankIdOrder:
        await self._drop_stale()
        session = self._http.open_session()
        try:
            url = self._http.endpoints.hub / INITIALIZE_PATH.lstrip("/")
            answer = await self._http.send(session, "POST", url, form={"returnurl": "/"})
            ticket = _Ticket.model_validate(read_json(answer))
        except (SessionDead, HtmlInsteadOfJson, ValidationError):
            await session.close()
            raise HubError("the Hub did not start a BankID order") from None
        except BaseException:
            await session.close()
            raise
        self._held[ticket.order] = _Held(session, self._http.clock.now())
        return BankIdOrder(ticket.order, ticket.token, self._app_url(ticket))

    async def poll(self, order: str) -> BankIdPoll:
        held = self._held.get(order)
        if held is None:
            return BankIdPoll("ERROR")
        url = (self._http.endpoints.hub / VERIFY_PATH.lstrip("/")).with_query(order=order)
        try:
            verdict = _Verdict.model_validate(
                read_json(await self._http.send(held.session, "GET", url))
            )
        except (SessionDead, HtmlInsteadOfJson, ValidationError):
            await self._drop(order)
            raise HubError("the Hub's BankID order could not be read") from None
        if verdict.state in WAITING:
            return BankIdPoll(verdict.state)
        if verdict.state != OK:
            await self._drop(order)
            return BankIdPoll(verdict.state)
        try:
            await self._complete(held.session, order)
            tokens = await pair_and_log_out(self._http, self._oauth, held.session)
        finally:
            await self._drop(order)
        return BankIdPoll(OK, tokens)

    async def cancel(self, order: str) -> None:
        await self._drop(order)

    async def close(self) -> None:
        for order in list(self._held):
            await self._drop(order)

    async def _complete(self, session: aiohttp.ClientSession, order: str) -> None:
        """The approved order's login page, followed like a browser to the start page."""
        url = (self._http.endpoints.hub / COMPLETE_PATH.lstrip("/")).with_query(order=order)
        answer = await self._http.send(session, "GET", url, xhr=False)
        if not answer.is_redirect:
            raise LoginRequired(f"the BankID login answered {answer.status}")

    def _app_url(self, ticket: _Ticket) -> str:
        if self._phone_page:
            phone = self._http.endpoints.hub / PHONE_PATH.lstrip("/")
            return str(phone.with_query(order=ticket.order))
        return str(URL("bankid:///").with_query(autostarttoken=ticket.token, redirect="null"))

    async def _drop_stale(self) -> None:
        now = self._http.clock.now()
        for order, held in list(self._held.items()):
            if now - held.started > HOLD_FOR:
                await self._drop(order)

    async def _drop(self, order: str) -> None:
        held = self._held.pop(order, None)
        if held is not None:
            await held.session.close()
