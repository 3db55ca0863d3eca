"""The account-linking pages: from the chat's link to the Hub's login and back.

The page a chat link opens checks the state without using it and sends the
browser on to the Hub's authorize request; the Hub's callback uses the state
once. It links nothing: the page shows a one-time code (marked `data-link-code`)
with the way to send it to the bot (Telegram: a deep link whose `/start CODE`
the chat redeems), so the chat of the person who logged in is linked, not the
chat that asked for the page. The page of linked chats lets a guardian see every
chat linked to the account and unlink those not wanted.
Pages carry no personal data beyond first names, are never cached and never
send a referrer; the unlink form is a POST tied to its page (CSRF-safe).
"""

from __future__ import annotations

import html

from aiohttp import web
from yarl import URL

from bot.i18n import Translator, format_day, translator
from bot.linking import (
    CALLBACK_PATH,
    MANAGE_PATH,
    PAUSED,
    UNDO_PATH,
    CodeHandout,
    LinkService,
    ManagedLinks,
    describe_chat,
)
from bot.storage.models import ChatLink, StateRejected
from bot.web.server import RouteInstaller

LINKING_KEY = web.AppKey("linking", LinkService)

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.5}}
a.button,button{{display:inline-block;background:#0b5cad;color:#fff;padding:.8rem 1.2rem;
border-radius:.4rem;text-decoration:none;font-weight:600;border:0;font-size:1rem;cursor:pointer}}
button.quiet{{background:#fff;color:#8a1c1c;border:2px solid #8a1c1c;padding:.4rem .8rem}}
a.button:focus,button:focus{{outline:3px solid #f0b400}}
p.code code{{font-size:1.6rem;letter-spacing:.05em;word-break:break-all}}
ul.links{{list-style:none;padding:0}} ul.links li{{border:1px solid #ccc;border-radius:.4rem;
padding:.8rem;margin:.6rem 0}} .note{{color:#555;font-size:.95rem}}
</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""

CHANNEL_NAMES = {"telegram": "Telegram", "terminal": "Terminal"}


def page(
    title: str,
    body: str,
    *,
    status: int = 200,
    lang: str = "sv",
    referrer_policy: str = "no-referrer",
) -> web.Response:
    text = PAGE.format(title=html.escape(title), body=body, lang=lang)
    return web.Response(
        text=text,
        status=status,
        content_type="text/html",
        headers={
            "Cache-Control": "no-store",
            "Referrer-Policy": referrer_policy,
            "X-Frame-Options": "DENY",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "form-action 'self'; frame-ancestors 'none'",
        },
    )


def _p(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{html.escape(text)}</p>"


async def _refused(linking: LinkService, reason: str, lang: str = "sv") -> web.Response:
    text = await linking.reject_reason_text(reason, lang)
    return page("Hubbot", _p(text), status=400, lang=lang)


async def link_page(request: web.Request) -> web.StreamResponse:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    checked = await linking.check(state)
    if isinstance(checked, StateRejected):
        return await _refused(linking, checked.reason.value)
    lang = str(checked.context.get("language") or "sv")
    if await linking.paused(checked.member):
        return await _refused(linking, PAUSED, lang)
    # Straight on to the Hub: the person logs in there (BankID or password), never here.
    raise web.HTTPFound(linking.authorize_url(state))


async def callback(request: web.Request) -> web.Response:
    linking = request.app[LINKING_KEY]
    state = request.query.get("state", "")
    code = request.query.get("code")
    result = await linking.complete(state, code)
    if not result.ok or result.handout is None:
        return await _refused(linking, result.reason, result.language)
    return code_page(result.handout, result.language)


def code_page(handout: CodeHandout, lang: str) -> web.Response:
    """The one-time code, for the person who logged in to bring into their own chat."""
    t = translator(lang)
    issued = handout.code
    shown = issued.shown_short or issued.code
    body = [
        _p(
            t.gettext(
                "You are logged in on the Hub. Now send this one-time code to the bot in "
                "your own chat; the chat that sends it is linked to your account."
            )
        ),
        f'<p class="code" id="link-code" data-link-code="{html.escape(issued.code)}"'
        + (
            f' data-link-short-code="{html.escape(issued.short_code)}"'
            if issued.short_code
            else ""
        )
        + f"><code>{html.escape(shown)}</code></p>",
    ]
    if handout.url is not None:
        name = CHANNEL_NAMES.get(handout.channel, handout.channel.capitalize())
        label = t.gettext("Open {channel} and link", channel=name)
        body.append(
            f'<p><a class="button" id="redeem" href="{html.escape(handout.url)}">'
            f"{html.escape(label)}</a></p>"
        )
    body.append(
        _p(t.gettext("Or send this message to the bot yourself:"))
        + f'<p><code id="redeem-text">{html.escape(handout.text)}</code></p>'
    )
    body.append(
        _p(
            t.gettext(
                "The code works once, for ten minutes. Do not give it to anyone: whoever "
                "sends it gets access to your children's information."
            ),
            "note",
        )
    )
    return page(t.gettext("Logged in"), "".join(body), lang=lang)


def _describe(link: ChatLink, view: ManagedLinks, t: Translator) -> str:
    channel = CHANNEL_NAMES.get(link.member.channel, link.member.channel.capitalize())
    kind = t.gettext("private chat") if link.member.is_private else t.gettext("group chat")
    parts = [f"<strong>{html.escape(channel)}</strong> – {html.escape(kind)}"]
    if link.member == view.asked_by:
        parts.append(html.escape(t.gettext("(the chat you came from)")))
    facts = [
        t.gettext("linked {day}", day=format_day(link.created_at.date(), t.lang)),
        t.gettext("last used {day}", day=format_day(link.last_seen_at.date(), t.lang)),
    ]
    if not link.active:
        facts.append(t.gettext("not reachable (the bot was blocked or removed)"))
    parts.append(f'<br><span class="note">{html.escape(" · ".join(facts))}</span>')
    return " ".join(parts)


async def manage_page(request: web.Request) -> web.Response:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    view = await linking.managed(state)
    if isinstance(view, StateRejected):
        return await _refused(linking, view.reason.value)
    t = translator(view.language)
    body: list[str] = []
    if request.query.get("done") == "1":
        body.append(_p(t.gettext("The chat is unlinked."), "note"))
    if not view.links:
        body.append(_p(t.gettext("No chat is linked to your Hub account any more.")))
    else:
        body.append(
            _p(
                t.gettext(
                    "Your Hub account is linked to these chats. Unlink any chat you do not "
                    "recognise; it can then no longer act for you."
                )
            )
        )
        action = html.escape(f"{MANAGE_PATH}/{state}/unlink")
        csrf = html.escape(linking.csrf_token(state))
        unlink_label = html.escape(t.gettext("Unlink"))
        items = []
        for link in view.links:
            items.append(
                f"<li>{_describe(link, view, t)}"
                f'<form method="post" action="{action}">'
                f'<input type="hidden" name="link" value="{link.id}">'
                f'<input type="hidden" name="csrf" value="{csrf}">'
                f'<button class="quiet" type="submit" id="unlink-{link.id}">'
                f"{unlink_label}</button></form></li>"
            )
        body.append(f'<ul class="links">{"".join(items)}</ul>')
    body.append(_p(t.gettext("This page works for ten minutes."), "note"))
    # Same-origin: the unlink form then carries a real Origin header (no-referrer sends "null").
    return page(
        t.gettext("Linked chats"),
        "".join(body),
        lang=view.language,
        referrer_policy="same-origin",
    )


def _same_origin(request: web.Request) -> bool:
    """A browser names the page a POST came from; another site's page is refused."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    given = URL(origin)
    if not given.host:
        return False
    where = given.host if given.is_default_port() else f"{given.host}:{given.port}"
    return where.casefold() == request.host.casefold()


async def unlink(request: web.Request) -> web.StreamResponse:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    if not _same_origin(request):
        return page("Hubbot", _p("Forbidden"), status=403)
    form = await request.post()
    raw_id = str(form.get("link", ""))
    csrf = str(form.get("csrf", ""))
    if not raw_id.isdigit() or not await linking.unlink_from_page(state, int(raw_id), csrf):
        view = await linking.managed(state)
        if isinstance(view, StateRejected):
            return await _refused(linking, view.reason.value)
        t = translator(view.language)
        return page("Hubbot", _p(t.gettext("That chat could not be unlinked.")), status=400)
    # Post/redirect/get: a reload does not post again.
    raise web.HTTPSeeOther(f"{MANAGE_PATH}/{state}?done=1")


async def undo_page(request: web.Request) -> web.Response:
    """From the notice another chat got: confirm unlinking the chat that was just linked."""
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    view = await linking.undo_view(state)
    if isinstance(view, StateRejected):
        return await _refused(linking, view.reason.value)
    t = translator(view.language)
    if view.link is None:
        return page(
            t.gettext("Linked chats"),
            _p(t.gettext("That chat is no longer linked to your Hub account.")),
            lang=view.language,
        )
    facts = t.gettext("linked {day}", day=format_day(view.link.created_at.date(), t.lang))
    body = [
        _p(
            t.gettext(
                "This chat was just linked to your Hub account. If it was not you, unlink it: "
                "it can then no longer act for you."
            )
        ),
        f"<p><strong>{html.escape(describe_chat(view.link.member, t.gettext))}</strong>"
        f' <span class="note">{html.escape(facts)}</span></p>',
        f'<form method="post" action="{html.escape(f"{UNDO_PATH}/{state}")}">'
        f'<input type="hidden" name="csrf" value="{html.escape(linking.csrf_token(state))}">'
        f'<button type="submit" id="undo">{html.escape(t.gettext("Unlink the new chat"))}'
        "</button></form>",
    ]
    return page(
        t.gettext("Linked chats"), "".join(body), lang=view.language, referrer_policy="same-origin"
    )


async def undo(request: web.Request) -> web.Response:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    if not _same_origin(request):
        return page("Hubbot", _p("Forbidden"), status=403)
    form = await request.post()
    done = await linking.undo(state, str(form.get("csrf", "")))
    if isinstance(done, StateRejected):
        return await _refused(linking, done.reason.value)
    t = translator(done.language)
    text = (
        t.gettext("The chat is unlinked.")
        if done.link is not None
        else t.gettext("That chat is no longer linked to your Hub account.")
    )
    return page(t.gettext("Linked chats"), _p(text), lang=done.language)


def install_link_pages(linking: LinkService) -> RouteInstaller:
    def install(app: web.Application) -> None:
        app[LINKING_KEY] = linking
        # The callback first: "/link/{state}" would otherwise take it.
        app.router.add_get(CALLBACK_PATH, callback)
        app.router.add_get(MANAGE_PATH + "/{state}", manage_page)
        app.router.add_post(MANAGE_PATH + "/{state}/unlink", unlink)
        app.router.add_get(UNDO_PATH + "/{state}", undo_page)
        app.router.add_post(UNDO_PATH + "/{state}", undo)
        app.router.add_get("/link/{state}", link_page)

    return install
