"""The console's cookies: where the session id travels, and with which protections.

HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends
it) always. Secure when the console is reached over https: browsers refuse a
Secure cookie from a plain-http page, so on http://127.0.0.1 it would never
come back. A secure cookie also gets the `__Host-` name prefix, which browsers
only accept from https with Path=/ and no Domain, so no subdomain can plant one.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.console.config import ConsoleSettings

PLAIN_NAME = "hubbot_console"
SECURE_NAME = "__Host-hubbot_console"
LOGIN_NAME = "hubbot_console_login"
LOGIN_PATH = "/console/login"


def is_secure(request: web.Request, settings: ConsoleSettings, public_url: str | None) -> bool:
    if settings.secure_cookies == "always":
        return True
    if settings.secure_cookies == "never":
        return False
    return request.secure or bool(public_url and public_url.startswith("https://"))


def session_id(request: web.Request) -> str | None:
    return request.cookies.get(SECURE_NAME) or request.cookies.get(PLAIN_NAME)


def set_session(response: web.StreamResponse, value: str, *, secure: bool) -> None:
    response.set_cookie(
        SECURE_NAME if secure else PLAIN_NAME,
        value,
        path="/",
        httponly=True,
        secure=secure,
        samesite="Strict",
    )


def clear_session(response: web.StreamResponse) -> None:
    for name in (SECURE_NAME, PLAIN_NAME):
        response.del_cookie(name, path="/")


def set_login_token(response: web.StreamResponse, value: str, *, secure: bool) -> None:
    """The double-submit token of the sign-in form (there is no session yet to hold it)."""
    response.set_cookie(
        LOGIN_NAME,
        value,
        path=LOGIN_PATH,
        httponly=True,
        secure=secure,
        samesite="Strict",
        max_age=1800,
    )
