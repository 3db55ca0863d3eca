"""A person's browser, played by code: open the link page, log in on the Hub, come back.

The terminal chat links itself through exactly the pages a guardian clicks
through, so the demo and the tests exercise the real flow rather than a shortcut.
"""

from __future__ import annotations

import aiohttp
from yarl import URL

from bot.hub.forms import parse_forms
from bot.hub.password_login import filled_password_form, password_form

MAX_HOPS = 15


class LoginRefused(Exception):
    """The Hub did not accept the user name and password."""


class LinkFailed(Exception):
    """The flow ended somewhere other than the bot's "linked" page."""


async def link_with_password(link_url: str, login: str, password: str) -> None:
    """Follow the link as a browser would, posting the Hub's login form once."""
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
                form = password_form(parse_forms(body)) if resp.status == 200 else None
                if form is None:
                    if resp.status == 200:
                        return
                    raise LinkFailed(f"the link flow ended with HTTP {resp.status}")
                if submitted:
                    raise LoginRefused(login)
                url = url.join(URL(form.action or str(url)))
                method, data = form.method, filled_password_form(form, login, password)
                submitted = True
        raise LinkFailed("too many redirects")
