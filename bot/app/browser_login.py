"""A person's browser, played by code: open the link page, log in there, read the code.

The terminal chat links itself through exactly the pages a guardian clicks
through, so the demo and the tests exercise the real flow rather than a shortcut.
The flow ends on the page with the one-time link code; the caller then sends
that code from its own chat (`LinkService.redeem`), as a guardian would.
"""

from __future__ import annotations

import re

import aiohttp
from yarl import URL

from bot.hub.forms import HtmlForm, parse_forms

MAX_HOPS = 15
_CODE = re.compile(r'data-link-code="([A-Za-z0-9_-]+)"')
_SHORT_CODE = re.compile(r'data-link-short-code="([A-Z0-9]+)"')


class LoginRefused(Exception):
    """The Hub did not accept the user name and password."""


class LinkFailed(Exception):
    """The flow ended somewhere other than the bot's "linked" page."""


def link_code_in(page: str, *, short: bool = False) -> str | None:
    """The one-time code the page hands out after a Hub login (or its short form)."""
    found = (_SHORT_CODE if short else _CODE).search(page)
    return found.group(1) if found else None


async def link_with_password(link_url: str, login: str, password: str) -> str:
    """Follow the link as a browser would, posting the page's login form once; the code."""
    code = link_code_in(await code_page_with_password(link_url, login, password))
    if code is None:
        raise LinkFailed("the page showed no link code")
    return code


async def code_page_with_password(link_url: str, login: str, password: str) -> str:
    """The HTML of the page that hands out the link code, reached as a browser would."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        url = URL(link_url)
        submitted = False
        method, data = "GET", None
        for _ in range(MAX_HOPS):
            async with http.request(method, url, data=data, allow_redirects=False) as resp:
                body = await resp.text()
                if resp.status in (301, 302, 303, 307, 308):
                    url = url.join(URL(resp.headers["Location"]))
                    method, data = "GET", None
                    continue
                forms = parse_forms(body) if resp.status in (200, 401) else []
                form = next((f for f in forms if f.has_password), None)
                if form is None:
                    if resp.status == 200 and link_code_in(body) is not None:
                        return body
                    raise LinkFailed(f"the link flow ended with HTTP {resp.status}")
                if submitted:
                    raise LoginRefused(login)
                url = url.join(URL(form.action or str(url)))
                method, data = form.method, filled_login(form, login, password)
                submitted = True
        raise LinkFailed("too many redirects")


def filled_login(form: HtmlForm, login: str, password: str) -> dict[str, str]:
    """The link page's form as a person fills it: the user name and the password field."""
    fields = dict(form.fields)
    for name, kind in form.input_types.items():
        if kind == "password":
            fields[name] = password
        elif kind in ("text", "email", ""):
            fields[name] = login
    return fields
