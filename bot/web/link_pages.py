"""The account-linking pages: from the chat's link to the Hub's login and back.

The page a chat link opens checks the state without using it and sends the
browser on to the Hub's authorize request; the Hub's callback uses the state
once. Pages carry no personal data and are never cached.
"""

from __future__ import annotations

import html

from aiohttp import web

from bot.linking import CALLBACK_PATH, LinkService
from bot.storage.models import StateRejected
from bot.web.server import RouteInstaller

LINKING_KEY = web.AppKey("linking", LinkService)

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.5}}
a.button{{display:inline-block;background:#0b5cad;color:#fff;padding:.8rem 1.2rem;
border-radius:.4rem;text-decoration:none;font-weight:600}}
a.button:focus{{outline:3px solid #f0b400}}
</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


def page(title: str, body: str, *, status: int = 200, lang: str = "sv") -> web.Response:
    text = PAGE.format(title=html.escape(title), body=body, lang=lang)
    return web.Response(
        text=text,
        status=status,
        content_type="text/html",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


async def link_page(request: web.Request) -> web.StreamResponse:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    checked = await linking.check(state)
    if isinstance(checked, StateRejected):
        text = await linking.reject_reason_text(checked.reason.value)
        return page("Hubbot", f"<p>{html.escape(text)}</p>", status=400)
    # Straight on to the Hub: the person logs in there (BankID or password), never here.
    raise web.HTTPFound(linking.authorize_url(state))


async def callback(request: web.Request) -> web.Response:
    linking = request.app[LINKING_KEY]
    state = request.query.get("state", "")
    code = request.query.get("code")
    result = await linking.complete(state, code)
    if not result.ok:
        text = await linking.reject_reason_text(result.reason)
        return page("Hubbot", f"<p>{html.escape(text)}</p>", status=400)
    return page(
        "Klart!",
        "<p>Ditt InfoMentor Hub-konto är nu kopplat till chatten. "
        "Du kan stänga sidan och gå tillbaka till chatten.</p>",
    )


def install_link_pages(linking: LinkService) -> RouteInstaller:
    def install(app: web.Application) -> None:
        app[LINKING_KEY] = linking
        # The callback first: "/link/{state}" would otherwise take it.
        app.router.add_get(CALLBACK_PATH, callback)
        app.router.add_get("/link/{state}", link_page)

    return install
