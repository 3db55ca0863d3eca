"""The sandbox's HTTP face: one catch-all aiohttp handler and a case-insensitive router.

The real Hub's paths are case-insensitive and clients spell them both ways, so
routing lower-cases the path and drops a trailing slash before looking it up.
Handlers stay thin: they read the request, call a plain function over the
database, and write the answer in the Hub's style.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import quote

from aiohttp import web
from multidict import CIMultiDict

from bot.clock import Clock
from bot.sandbox import directory, home, pages
from bot.sandbox.db import transaction
from bot.sandbox.directory import Account, Child
from bot.sandbox.errors import HubRefusal, MissingDates
from bot.sandbox.faults import Faults
from bot.sandbox.sessions import IMHOME_COOKIE, SESSION_COOKIE, Session, resolve

LOGIN_PATH = "/authentication/authentication/login"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(slots=True)
class HubContext:
    """What every request handler needs; one per running sandbox."""

    conn: sqlite3.Connection
    clock: Clock
    faults: Faults
    request_log: list[tuple[str, str]]
    redirect_allow: tuple[str, ...] = ()
    on_request: Callable[[], None] = field(default=lambda: None)


HUB = web.AppKey("sandbox_hub", HubContext)


def hub(request: web.Request) -> HubContext:
    return request.app[HUB]


# -- answers ------------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_answer(value: Any, status: int = 200) -> web.Response:
    return web.json_response(value, status=status, dumps=_dumps)


def empty_answer() -> web.Response:
    """What a JSON endpoint answers a dead session: 200 with nothing in it."""
    return web.Response(status=200, body=b"", content_type="text/html", charset="utf-8")


def html_answer(text: str, status: int = 200) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")


def redirect(location: str) -> web.Response:
    return web.Response(status=302, headers={"Location": location})


def login_redirect(return_url: str) -> web.Response:
    return redirect(f"{LOGIN_PATH}?apitype=im1&ReturnUrl={quote(return_url, safe='/')}")


def safe_return_url(value: object) -> str:
    """Only local paths: a login never sends anyone off-site."""
    text = str(value or "").strip()
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/"
    return text


def set_session_cookies(response: web.StreamResponse, session: Session) -> None:
    for name, value in ((SESSION_COOKIE, session.id), (IMHOME_COOKIE, session.imhome)):
        response.set_cookie(name, value, path="/", httponly=True, samesite="Lax")


def clear_session_cookies(response: web.StreamResponse) -> None:
    for name in (SESSION_COOKIE, IMHOME_COOKIE):
        response.del_cookie(name, path="/")


# -- requests -----------------------------------------------------------------------------------


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query, then a JSON or form body, merged; keys lower-cased as ASP.NET binds them."""
    merged: dict[str, Any] = {k.lower(): v for k, v in request.query.items()}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            raw = await request.text()
            value = json.loads(raw) if raw.strip() else {}
            if isinstance(value, dict):
                merged.update({str(k).lower(): v for k, v in value.items()})
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            merged.update({k.lower(): v for k, v in form.items()})
        else:
            raw = await request.text()
            if raw.strip().startswith("{"):
                value = json.loads(raw)
                if isinstance(value, dict):
                    merged.update({str(k).lower(): v for k, v in value.items()})
    return merged


def current_session(request: web.Request) -> Session | None:
    ctx = hub(request)
    with transaction(ctx.conn):
        return resolve(
            ctx.conn,
            ctx.clock,
            request.cookies.get(SESSION_COOKIE),
            request.cookies.get(IMHOME_COOKIE),
        )


@dataclass(frozen=True, slots=True)
class Call:
    """One JSON request of a live session, with its pupil when the account has one."""

    request: web.Request
    ctx: HubContext
    session: Session
    account: Account
    child: Child | None
    params: dict[str, Any]

    @property
    def conn(self) -> sqlite3.Connection:
        return self.ctx.conn

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    def pupil(self) -> Child:
        assert self.child is not None, "routes with an app always have a child"
        return self.child


# -- routing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    handler: Handler
    methods: frozenset[str]


@dataclass(slots=True)
class Router:
    exact: dict[str, Route] = field(default_factory=dict)
    prefixes: list[tuple[str, Route]] = field(default_factory=list)

    def add(self, path: str, handler: Handler, methods: tuple[str, ...]) -> None:
        route = Route(handler, frozenset(methods))
        key = normalize(path)
        if key.endswith("/*"):
            self.prefixes.append((key[:-1], route))
        else:
            self.exact[key] = route

    def page(self, path: str, methods: tuple[str, ...] = ("GET",)) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.add(path, handler, methods)
            return handler

        return register

    def api(
        self,
        path: str,
        *,
        app: str | None = None,
        methods: tuple[str, ...] = ("POST",),
        staff_too: bool = False,
    ) -> Callable[[Callable[[Call], Any]], Callable[[Call], Any]]:
        """A JSON endpoint of a session; `app` names the module the pupil must have.

        `staff_too` lets teachers and support, who have no pupil, use it as well.
        """

        def register(fn: Callable[[Call], Any]) -> Callable[[Call], Any]:
            self.add(path, partial(_run_api, fn, app, staff_too), methods)
            return fn

        return register

    def include(self, other: Router) -> None:
        self.exact.update(other.exact)
        self.prefixes.extend(other.prefixes)

    def match(self, path: str) -> Route | None:
        key = normalize(path)
        if key in self.exact:
            return self.exact[key]
        for prefix, route in self.prefixes:
            if key.startswith(prefix):
                return route
        return None


def normalize(path: str) -> str:
    key = path.lower()
    return key.rstrip("/") or "/"


async def _run_api(
    fn: Callable[[Call], Any], app: str | None, staff_too: bool, request: web.Request
) -> web.StreamResponse:
    ctx = hub(request)
    session = current_session(request)
    if session is None:
        return empty_answer()
    account = directory.account_by_id(ctx.conn, session.account_id)
    if account is None:
        return empty_answer()
    child = home.selected_child(ctx.conn, account, session.selected_child_id)
    has_app = child is not None and app in child.apps
    if app is not None and not has_app and not (staff_too and account.is_staff):
        return html_answer(pages.shell_page())
    params = await read_params(request)
    call = Call(request, ctx, session, account, child, params)
    try:
        with transaction(ctx.conn):
            result = fn(call)
    except HubRefusal as refusal:
        return json_answer(refusal.body(), status=refusal.status)
    if isinstance(result, web.StreamResponse):
        return result
    return json_answer(result)


# -- the application ----------------------------------------------------------------------------


def build_app(ctx: HubContext, router: Router) -> web.Application:
    app = web.Application()
    app[HUB] = ctx

    async def dispatch(request: web.Request) -> web.StreamResponse:
        ctx.request_log.append((request.method, request.path))
        if ctx.faults.down:
            return web.Response(status=503, text="Service Unavailable")
        fault = ctx.faults.take(request.path)
        if fault is not None and not fault.lose_answer:
            headers: CIMultiDict[str] = CIMultiDict()
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            reason = "Too Many Requests" if fault.status == 429 else "Hub error"
            return web.Response(status=fault.status, text=reason, headers=headers)
        ctx.on_request()
        route = router.match(request.path)
        if route is None:
            return html_answer(pages.message_page("Sidan finns inte", request.path), 404)
        if request.method not in route.methods and not (
            request.method == "HEAD" and "GET" in route.methods
        ):
            return html_answer(pages.message_page("Fel metod", request.method), 405)
        try:
            response = await route.handler(request)
        except MissingDates:
            return html_answer(pages.message_page("Server Error", "Ett fel inträffade."), 500)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return html_answer(pages.message_page("Server Error", "Ogiltig förfrågan."), 500)
        if fault is not None and request.transport is not None:
            # Done, but the answer never arrives: the client cannot know the outcome.
            request.transport.abort()
        return response

    app.router.add_route("*", "/{tail:.*}", dispatch)
    return app
