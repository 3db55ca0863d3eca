"""One linked Hub account: its web session, its tokens, and its selected child.

The Hub keeps the selected child in the server-side session, so two calls for
two children of one account must never interleave: every call holds the
account's lock around "switch child → verify the selection → call". Cookies live
only in memory; the durable thing is the refresh token, and every rotation of
it is handed to `on_token_rotated` at once, before the new token is used.

A dead session (empty 200, redirect to the login page, HTML where JSON was
expected while `isauthenticated` says false) is repaired by logging in again
once and repeating the call: the Hub did nothing with a call it did not
recognise, so repeating even a write is safe here.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

import aiohttp
from yarl import URL

from bot.hub.answers import (
    HtmlInsteadOfJson,
    SessionDead,
    is_login_redirect,
    read_json,
)
from bot.hub.endpoints import HubEndpoints
from bot.hub.errors import (
    AccessDenied,
    HubError,
    HubUnavailable,
    LoginRequired,
    NotAvailableForChild,
)
from bot.hub.forms import parse_forms
from bot.hub.homepage import parse_home_data, switch_url
from bot.hub.models import Child, HomeData, TokenSet
from bot.hub.oauth import OAuthClient
from bot.hub.transport import Answer, HubHttp

log = logging.getLogger("bot.hub")

T = TypeVar("T")
TokenCallback = Callable[[str], Awaitable[None] | None]

SSO_PATH = "/NA1/Authentication/sso"
IS_AUTHENTICATED_PATH = "/authentication/authentication/isauthenticated/"
LOGOUT_PATH = "/Authentication/Authentication/LogOut"
# The Hub drops a session after 3 h idle; starting afresh a little earlier saves a wasted call.
IDLE_LIMIT = timedelta(hours=2, minutes=45)
MAX_HOPS = 10


class HubAccountSession:
    def __init__(
        self,
        http: HubHttp,
        oauth: OAuthClient,
        account_key: str,
        refresh_token: str,
        on_token_rotated: TokenCallback,
    ) -> None:
        self._http = http
        self._oauth = oauth
        self.account_key = account_key
        self._refresh_token = refresh_token
        self._on_token_rotated = on_token_rotated
        self._lock = asyncio.Lock()
        self._token_lock = asyncio.Lock()
        self._tokens: TokenSet | None = None
        self._web: aiohttp.ClientSession | None = None
        self._alive = False
        self._last_used: datetime | None = None
        self._home: HomeData | None = None
        self._selected: str | None = None
        self._apps: dict[str, frozenset[str]] = {}
        self.logins = 0

    @property
    def refresh_token(self) -> str:
        return self._refresh_token

    @property
    def endpoints(self) -> HubEndpoints:
        return self._http.endpoints

    # -- tokens ---------------------------------------------------------------------------------

    async def access_token(self) -> str:
        async with self._token_lock:
            if self._tokens is not None and self._tokens.access_valid(self._http.clock.now()):
                return self._tokens.access_token
            return (await self._rotate_locked()).access_token

    async def _rotate(self) -> TokenSet:
        async with self._token_lock:
            return await self._rotate_locked()

    async def _rotate_locked(self) -> TokenSet:
        tokens = await self._oauth.refresh(self._refresh_token)
        self._refresh_token = tokens.refresh_token
        self._tokens = tokens
        saved = self._on_token_rotated(tokens.refresh_token)
        if inspect.isawaitable(saved):
            await saved
        return tokens

    async def api_get(self, path: str) -> Any:
        """A Bearer call to the NA1 API; one fresh token if the Hub says 401."""
        url = self._http.endpoints.api / path.lstrip("/")
        for attempt in range(2):
            token = await self.access_token()
            answer = await self._http.send(
                self._http.bare,
                "GET",
                url,
                headers={"Authorization": f"Bearer {token}"},
                xhr=False,
            )
            if answer.status == 401:
                self._tokens = None
                if attempt == 0:
                    continue
                raise LoginRequired(f"the Hub refused our access token for {path}")
            try:
                return read_json(answer)
            except (SessionDead, HtmlInsteadOfJson):
                raise LoginRequired(f"unexpected answer from {path}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- the web session ------------------------------------------------------------------------

    async def call(
        self,
        method: str,
        path: str,
        *,
        module: str,
        child_id: str | None = None,
        json_body: Any = None,
        form: dict[str, Any] | None = None,
        write: bool = False,
        operation: str = "",
    ) -> Any:
        """One Hub call in this account's session, for `child_id` if given."""
        url = self._hub_url(path)

        async def attempt() -> Any:
            if child_id is not None:
                await self._select(child_id)
            elif self._selected is None:
                # Account-wide calls still need some child selected, or the Hub shows its shell.
                await self._select_any()
            answer = await self._send(
                method, url, json_body=json_body, form=form, write=write, operation=operation
            )
            try:
                return read_json(answer)
            except HtmlInsteadOfJson:
                if await self._is_authenticated():
                    raise NotAvailableForChild(module, child_id) from None
                raise SessionDead() from None

        return await self._with_session(attempt)

    async def fetch(self, path_or_url: str, *, child_id: str | None = None) -> Answer:
        """A plain GET in this session (e.g. an attachment), for `child_id` if given."""
        url = self._hub_url(path_or_url)

        async def attempt() -> Answer:
            if child_id is not None:
                await self._select(child_id)
            answer = await self._send("GET", url, xhr=False)
            if answer.is_redirect:
                raise SessionDead()
            if answer.status == 200 and not answer.body.strip():
                raise SessionDead()
            return answer

        return await self._with_session(attempt)

    async def children(self) -> list[Child]:
        """The account's children, each with its modules (learnt by switching to it once)."""

        async def attempt() -> list[Child]:
            home = await self._load_home()
            for pupil in home.account.pupils:
                if pupil.switch_id not in self._apps:
                    await self._select(pupil.switch_id)
            return [
                pupil.model_copy(
                    update={
                        "apps": self._apps.get(pupil.switch_id, frozenset()),
                        "selected": pupil.switch_id == self._selected,
                    }
                )
                for pupil in home.account.pupils
            ]

        return await self._with_session(attempt)

    async def home(self) -> HomeData:
        return await self._with_session(self._load_home)

    async def pupils(self) -> list[Child]:
        """The account's pupils as the last start page showed them (one GET if none yet)."""

        async def attempt() -> list[Child]:
            home = self._home or await self._load_home()
            return list(home.account.pupils)

        return await self._with_session(attempt)

    async def logout(self) -> None:
        async with self._lock:
            if self._web is not None and self._alive:
                url = (self._http.endpoints.hub / LOGOUT_PATH.lstrip("/")).with_query(
                    ApiType="IM1", ApiInstance=""
                )
                try:
                    await self._http.send(self._web, "GET", url, xhr=False)
                except HubError as exc:
                    log.info("hub logout failed (%s); dropping the session anyway", exc.code)
            await self._drop()

    async def close(self) -> None:
        async with self._lock:
            await self._drop()

    # -- internals ------------------------------------------------------------------------------

    async def _with_session(self, fn: Callable[[], Awaitable[T]]) -> T:
        async with self._lock:
            for attempt in range(2):
                try:
                    await self._ensure_login()
                    return await fn()
                except SessionDead:
                    log.info("hub session of %s died; logging in again", self.account_key)
                    self._alive = False
                    if attempt:
                        raise LoginRequired(
                            "the Hub session died again right after login"
                        ) from None
            raise AssertionError("unreachable")  # pragma: no cover

    async def _send(
        self,
        method: str,
        url: URL,
        *,
        json_body: Any = None,
        form: dict[str, Any] | None = None,
        write: bool = False,
        operation: str = "",
        xhr: bool = True,
    ) -> Answer:
        assert self._web is not None
        answer = await self._http.send(
            self._web,
            method,
            url,
            json_body=json_body,
            form=form,
            write=write,
            operation=operation,
            xhr=xhr,
        )
        self._last_used = self._http.clock.now()
        return answer

    def _hub_url(self, path: str) -> URL:
        return self._http.endpoints.hub.join(URL(path))

    async def _ensure_login(self) -> None:
        now = self._http.clock.now()
        if self._alive and self._last_used is not None and now - self._last_used > IDLE_LIMIT:
            self._alive = False
        if not self._alive:
            await self._login()

    async def _login(self) -> None:
        """refresh → access → SSO one-time URL → cookies → start page."""
        tokens = await self._rotate()
        answer = await self._http.send(
            self._http.bare,
            "GET",
            self._http.endpoints.api / SSO_PATH.lstrip("/"),
            headers={"Authorization": f"Bearer {tokens.access_token}"},
            xhr=False,
        )
        if answer.status == 401:
            raise LoginRequired("the Hub refused a fresh access token")
        try:
            one_time = read_json(answer)
        except (SessionDead, HtmlInsteadOfJson):
            raise LoginRequired("the SSO endpoint gave no login URL") from None
        if not isinstance(one_time, str):
            raise LoginRequired("the SSO endpoint gave no login URL")
        await self._drop()
        self._web = self._http.open_session()
        home = await self._follow_sso(self._http.endpoints.login.join(URL(one_time)))
        self._alive = True
        self._last_used = self._http.clock.now()
        self.logins += 1
        self._remember(home)
        log.info("hub login for %s", self.account_key)

    async def _follow_sso(self, url: URL) -> HomeData:
        """Follow the one-time URL through redirects and relay forms to the start page."""
        method, form = "GET", None
        for _ in range(MAX_HOPS):
            answer = await self._send(method, url, form=form, xhr=False)
            method, form = "GET", None
            if answer.is_redirect and answer.location is not None:
                url = answer.location
                continue
            if answer.status != 200:
                raise LoginRequired(f"the SSO login answered {answer.status}")
            home = parse_home_data(answer.text)
            if home is not None:
                return home
            relay = next(
                (f for f in parse_forms(answer.text) if "oauth_token" in f.fields),
                None,
            )
            if relay is None or relay.has_password:
                raise LoginRequired("the SSO login ended on a login page")
            url = answer.url.join(URL(relay.action)) if relay.action else answer.url
            method, form = relay.method, relay.fields
        raise LoginRequired("the SSO login did not settle")

    async def _load_home(self) -> HomeData:
        answer = await self._send("GET", self._hub_url("/"), xhr=False)
        if is_login_redirect(answer) or answer.is_redirect:
            raise SessionDead()
        if answer.status >= 400:
            raise HubUnavailable(f"the start page answered {answer.status}")
        home = parse_home_data(answer.text)
        if home is None:
            # A login page (or anything else) instead of the app: this session is not ours.
            raise SessionDead()
        self._remember(home)
        return home

    def _remember(self, home: HomeData) -> None:
        self._home = home
        selected = home.selected
        self._selected = selected[0].switch_id if len(selected) == 1 else None
        if self._selected is not None:
            self._apps[self._selected] = home.app_names

    async def _select(self, child_id: str) -> None:
        """Switch, then read the start page back and insist the child is the selected one."""
        if self._selected == child_id:
            return
        home = self._home or await self._load_home()
        pupil = next((p for p in home.account.pupils if p.switch_id == child_id), None)
        if pupil is None:  # the Hub may know of a new child since we last looked
            home = await self._load_home()
            pupil = next((p for p in home.account.pupils if p.switch_id == child_id), None)
        if pupil is None:
            raise AccessDenied(f"child {child_id} is not on this account")
        url = switch_url(self._http.endpoints.hub, child_id, pupil.switch_pupil_url)
        status = 0
        for _ in range(2):
            answer = await self._send("GET", url, xhr=False)
            if is_login_redirect(answer):
                raise SessionDead()
            # An error status does not mean "not switched" (deformentor-cli sees 500 and a
            # switch that took effect): the start page alone says which child is selected.
            status = answer.status
            await self._load_home()
            if self._selected == child_id:
                return
            log.warning("hub did not confirm the switch to child %s; trying once more", child_id)
        raise HubUnavailable(f"the Hub did not confirm the child switch (it answered {status})")

    async def _select_any(self) -> None:
        home = self._home or await self._load_home()
        if self._selected is None and home.account.pupils:
            await self._select(home.account.pupils[0].switch_id)

    async def _is_authenticated(self) -> bool:
        answer = await self._send("POST", self._hub_url(IS_AUTHENTICATED_PATH))
        return answer.status == 200 and answer.text.strip().strip('"').lower() == "true"

    async def _drop(self) -> None:
        self._alive = False
        self._home = None
        self._selected = None
        self._apps = {}
        if self._web is not None:
            await self._web.close()
            self._web = None
