"""Cross-site request forgery: every form carries a token the attacker's page cannot know.

Signed-in forms carry the session's own random token; the sign-in form, before
any session exists, compares its hidden field with a cookie set with the form
(double submit). SameSite=Strict cookies stop the same attacks in current
browsers; the token is for the rest, and for defence in depth.
"""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web

FIELD = "csrf_token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def matches(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


async def submitted(request: web.Request) -> str | None:
    """The token a form or a script sent (scripts use the X-CSRF-Token header)."""
    header = request.headers.get("X-CSRF-Token")
    if header:
        return header
    form = await request.post()
    value = form.get(FIELD)
    return value if isinstance(value, str) else None
