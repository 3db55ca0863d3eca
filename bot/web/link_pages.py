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
    MANAGE_PATH,
    PAUSED,
    UNDO_PATH,
    WRONG_PASSWORD,
    BankIdStart,
    CodeHandout,
    LinkResult,
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
input{{font-size:1rem;padding:.5rem;width:100%;max-width:20rem}} .error{{color:#8a1c1c}}
button.quiet{{background:#fff;color:#8a1c1c;border:2px solid #8a1c1c;padding:.4rem .8rem}}
a.button:focus,button:focus{{outline:3px solid #f0b400}}
p.code code{{font-size:1.6rem;letter-spacing:.05em;word-break:break-all}}
ul.links{{list-style:none;padding:0}} ul.links li{{border:1px solid #ccc;border-radius:.4rem;
padding:.8rem;margin:.6rem 0}} .note{{color:#555;font-size:.95rem}}
</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""

CHANNEL_NAMES = {"telegram": "Telegram", "terminal": "Terminal", "sms": "SMS"}


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
    return login_form(state, lang)


def login_form(state: str, lang: str, error: str | None = None) -> web.Response:
    """The bot's own login page: the bot's server logs in on the Hub for the guardian.

    The password is posted to the bot over HTTPS, passed on to the Hub and never
    kept; BankID is started by the server and approved in the guardian's app.
    """
    t = translator(lang)
    body = []
    if error:
        body.append(f'<p class="error" role="alert">{html.escape(error)}</p>')
    body.append(
        _p(
            t.gettext(
                "Log in with your InfoMentor Hub account. The bot logs in on the Hub for you "
                "and keeps only a login token, never your password."
            )
        )
    )
    bankid_action = html.escape(f"/link/{state}/bankid")
    body.append(
        f'<form method="post" action="{bankid_action}">'
        f'<button type="submit" id="bankid">{html.escape(t.gettext("Log in with BankID"))}'
        "</button></form>"
    )
    action = html.escape(f"/link/{state}/password")
    body.append(
        f'<form method="post" action="{action}" class="password">'
        f'<p><label for="login">{html.escape(t.gettext("User name"))}</label><br>'
        '<input id="login" name="login" autocomplete="username" required></p>'
        f'<p><label for="password">{html.escape(t.gettext("Password"))}</label><br>'
        '<input id="password" name="password" type="password" '
        'autocomplete="current-password" required></p>'
        f'<p><button type="submit" id="log-in">{html.escape(t.gettext("Log in"))}</button></p>'
        "</form>"
    )
    # Same-origin: the forms then carry a real Origin header (no-referrer sends "null").
    return page(
        t.gettext("Link your Hub account"), "".join(body), lang=lang, referrer_policy="same-origin"
    )


async def _language_of(linking: LinkService, state: str) -> str:
    checked = await linking.check(state)
    if isinstance(checked, StateRejected):
        return "sv"
    return str(checked.context.get("language") or "sv")


async def password_post(request: web.Request) -> web.Response:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    if not _same_origin(request):
        return page("Hubbot", _p("Forbidden"), status=403)
    form = await request.post()
    result = await linking.login_with_password(
        state, str(form.get("login", "")), str(form.get("password", ""))
    )
    del form  # the password goes no further than the Hub
    if result.ok and result.handout is not None:
        return code_page(result.handout, result.language)
    if result.reason == WRONG_PASSWORD:
        text = await linking.reject_reason_text(result.reason, result.language)
        response = login_form(state, result.language, error=text)
        response.set_status(401)
        return response
    return await _refused(linking, result.reason, result.language)


async def bankid_post(request: web.Request) -> web.StreamResponse:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    if not _same_origin(request):
        return page("Hubbot", _p("Forbidden"), status=403)
    started = await linking.start_bankid(state)
    if isinstance(started, LinkResult):
        return await _refused(linking, started.reason, started.language)
    return bankid_waiting(state, await _language_of(linking, state), started)


def bankid_waiting(state: str, lang: str, started: BankIdStart | None) -> web.Response:
    """Waiting for the BankID app; the page asks again by itself (no script needed)."""
    t = translator(lang)
    body = []
    if started is not None:
        body.append(
            _p(
                t.gettext(
                    "Open the BankID app on your phone and approve the login, or scan the "
                    "QR code with the app. This page goes on by itself."
                )
            )
        )
        label = html.escape(t.gettext("Open BankID"))
        body.append(
            '<p><a class="button" id="open-bankid" target="_blank" rel="noopener" '
            f'href="{html.escape(started.app_url)}">{label}</a></p>'
            f'<p class="note" id="bankid-qr" data-qr="{html.escape(started.qr_data)}"></p>'
        )
    else:
        body.append(_p(t.gettext("Waiting for the BankID app…")))
    response = page(t.gettext("Log in with BankID"), "".join(body), lang=lang)
    # Asks again every two seconds by itself, so the page needs no script.
    response.headers["Refresh"] = f"2;url=/link/{state}/bankid"
    return response


async def bankid_wait(request: web.Request) -> web.Response:
    linking = request.app[LINKING_KEY]
    state = request.match_info["state"]
    polled = await linking.poll_bankid(state)
    if isinstance(polled, LinkResult):
        if polled.ok and polled.handout is not None:
            return code_page(polled.handout, polled.language)
        return await _refused(linking, polled.reason, polled.language)
    return bankid_waiting(state, await _language_of(linking, state), None)


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
        app.router.add_get(MANAGE_PATH + "/{state}", manage_page)
        app.router.add_post(MANAGE_PATH + "/{state}/unlink", unlink)
        app.router.add_get(UNDO_PATH + "/{state}", undo_page)
        app.router.add_post(UNDO_PATH + "/{state}", undo)
        app.router.add_get("/link/{state}", link_page)
        app.router.add_post("/link/{state}/password", password_post)
        app.router.add_post("/link/{state}/bankid", bankid_post)
        app.router.add_get("/link/{state}/bankid", bankid_wait)

    return install
