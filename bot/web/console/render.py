"""Server-rendered pages: Jinja2 templates in the staff's language, strict headers.

Every console answer forbids caching (transcripts must not linger in a shared
browser), framing, and any script or style not served by the console itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot.clock import STOCKHOLM
from bot.i18n import Translator, format_day_short, translator
from bot.web.console.flags import CONSOLE_FLAGS

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
        " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def make_environment(lang: str) -> Environment:
    t = translator(lang)
    env = Environment(
        loader=PackageLoader("bot.web.console", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = t.gettext
    env.globals["ngettext"] = t.ngettext
    env.globals["lang"] = t.lang
    env.globals["flag_labels"] = {flag: t.gettext(label) for flag, label in CONSOLE_FLAGS.items()}
    env.filters["clock"] = _clock
    env.filters["when"] = lambda moment: _when(t, moment)
    return env


def _clock(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%H:%M")


def _when(t: Translator, moment: datetime) -> str:
    local = moment.astimezone(STOCKHOLM)
    return f"{format_day_short(local.date(), t.lang)} {local:%H:%M}"


def secure_headers(response: web.StreamResponse) -> web.StreamResponse:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def page(env: Environment, template: str, *, status: int = 200, **context: Any) -> web.Response:
    html = env.get_template(template).render(**context)
    response = web.Response(text=html, status=status, content_type="text/html", charset="utf-8")
    secure_headers(response)
    return response


def see_other(location: str) -> web.Response:
    """A redirect after a form (303), as a plain response with the console's headers."""
    response = web.Response(status=303, headers={"Location": location})
    secure_headers(response)
    return response
