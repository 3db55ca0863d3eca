"""The filter in front of every console route: signed in, allowed, and not forged.

A route is declared with the permission it needs; `guarded` wraps its handler
so the checks run first and in the same order everywhere: session (else the
sign-in page, or 401 for scripts and forms), role (403), and for every POST the
session's CSRF token (403). A handler only ever runs for someone allowed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from yarl import URL

from bot.storage.models import StaffSession
from bot.web.console import csrf
from bot.web.console.access import Permission, allowed
from bot.web.console.context import CONSOLE_KEY, ConsoleContext
from bot.web.console.render import page, see_other

log = logging.getLogger(__name__)

Handler = Callable[
    [web.Request, ConsoleContext, StaffSession | None], Awaitable[web.StreamResponse]
]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    permission: Permission
    handler: Handler
    # Fragments are fetched by the page's script: refuse with a status, never redirect.
    fragment: bool = False


def refusal(
    console: ConsoleContext, status: int, message: str, staff: StaffSession | None
) -> web.Response:
    return page(
        console.env,
        "error.html",
        status=status,
        staff=staff,
        message=message,
        csrf_token=staff.csrf_token if staff else "",
        municipality=console.municipality,
    )


def safe_next(value: str | None) -> str | None:
    """Only a path inside the console: never another site (open redirect)."""
    if not value or not value.startswith("/console/") or "//" in value or "\\" in value:
        return None
    return value


def _to_sign_in(request: web.Request) -> web.StreamResponse:
    return see_other(str(URL("/console/login").with_query(next=request.path_qs)))


def guarded(route: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        console = request.app[CONSOLE_KEY]
        if route.permission is Permission.PUBLIC:
            return await route.handler(request, console, None)
        t = console.t
        # The page's own polling keeps nobody signed in: only what a person does counts.
        staff = await console.current_staff(request, touch=not route.fragment)
        if staff is None:
            if request.method == "GET" and not route.fragment:
                return _to_sign_in(request)
            return refusal(console, 401, t.gettext("Please sign in again."), None)
        if not allowed(staff, route.permission, console.municipality):
            log.info("console: %s (%s) refused %s", staff.login, staff.role, route.path)
            return refusal(console, 403, t.gettext("You do not have access to this page."), staff)
        if request.method == "POST" and not csrf.matches(
            staff.csrf_token, await csrf.submitted(request)
        ):
            return refusal(
                console,
                403,
                t.gettext("The form had expired. Go back, reload the page and try again."),
                staff,
            )
        return await route.handler(request, console, staff)

    handle.__name__ = getattr(route.handler, "__name__", "console_route")
    return handle
