"""Linking by password, server-side: log in through the Hub's own form, then pair.

The link page takes the guardian's password over HTTPS and the bot's server
does what a browser (or the mobile app) does and nothing more: fill the Hub's
form, post every hidden input with it, follow the Hub's relay forms, then pair
the web session as a device (`OAuthClient.pair`). The password lives only in
this call's arguments; it is never stored or logged. The throwaway web session
is logged out and closed at once; only the tokens leave this module.
"""

from __future__ import annotations

import logging

import aiohttp
from yarl import URL

from bot.hub.errors import HubError, LoginRequired, WrongPassword
from bot.hub.forms import HtmlForm, parse_forms
from bot.hub.homepage import parse_home_data
from bot.hub.models import TokenSet
from bot.hub.oauth import OAuthClient
from bot.hub.transport import HubHttp

log = logging.getLogger("bot.hub")

LOGIN_PAGE = "/authentication/authentication/login"
LOGOUT_PAGE = "/Authentication/Authentication/LogOut"
USER_FIELD = "login_ascx$txtNotandanafn"
PASSWORD_FIELD = "login_ascx$txtLykilord"
BUTTON_FIELD = "login_ascx$btnLogin"
WRONG_PASSWORD_TEXT = "Fel användarnamn eller lösenord"
MAX_HOPS = 10


async def password_pairing(
    http: HubHttp, oauth: OAuthClient, login: str, password: str
) -> TokenSet:
    """The account's tokens; `WrongPassword` if the Hub refuses the password."""
    session = http.open_session()
    try:
        await log_in_with_password(http, session, login, password)
        return await pair_and_log_out(http, oauth, session)
    finally:
        await session.close()


async def pair_and_log_out(
    http: HubHttp, oauth: OAuthClient, session: aiohttp.ClientSession
) -> TokenSet:
    """Pair the logged-in `session`, then end it on the Hub whatever happened."""
    try:
        return await oauth.pair(session)
    finally:
        await log_out(http, session)


def password_form(forms: list[HtmlForm]) -> HtmlForm | None:
    """The Hub's user name and password form among a page's forms."""
    return next((f for f in forms if f.has_field(PASSWORD_FIELD)), None)


def filled_password_form(form: HtmlForm, login: str, password: str) -> dict[str, str]:
    """What a browser posts: every hidden input, the two fields, and the login button."""
    fields = dict(form.fields)
    fields.setdefault("__EVENTTARGET", "")
    fields.setdefault("__EVENTARGUMENT", "")
    fields[USER_FIELD] = login
    fields[PASSWORD_FIELD] = password
    fields[BUTTON_FIELD] = form.submits.get(BUTTON_FIELD) or "Logga in"
    return fields


async def log_in_with_password(
    http: HubHttp, session: aiohttp.ClientSession, login: str, pw: str
) -> None:
    url = (http.endpoints.hub / LOGIN_PAGE.lstrip("/")).with_query(apitype="im1", ReturnUrl="/")
    method, form = "GET", None
    posted = False
    for _ in range(MAX_HOPS):
        answer = await http.send(session, method, url, form=form, xhr=False)
        method, form = "GET", None
        if answer.is_redirect and answer.location is not None:
            url = answer.location
            continue
        if answer.status != 200:
            raise LoginRequired(f"the login page answered {answer.status}")
        if parse_home_data(answer.text) is not None:
            return
        forms = parse_forms(answer.text)
        login_form = password_form(forms)
        if login_form is not None:
            if posted:
                if WRONG_PASSWORD_TEXT.lower() in answer.text.lower():
                    raise WrongPassword(WRONG_PASSWORD_TEXT)
                raise WrongPassword("the Hub showed the login form again")
            fields = filled_password_form(login_form, login, pw)
            url = answer.url.join(URL(login_form.action)) if login_form.action else answer.url
            method, form, posted = "POST", fields, True
            continue
        relay = next((f for f in forms if "oauth_token" in f.fields), None)
        if relay is None:
            raise LoginRequired("the login ended on an unexpected page")
        url = answer.url.join(URL(relay.action)) if relay.action else answer.url
        method, form = relay.method, relay.fields
    raise LoginRequired("the login did not settle")


async def log_out(http: HubHttp, session: aiohttp.ClientSession) -> None:
    url = (http.endpoints.hub / LOGOUT_PAGE.lstrip("/")).with_query(ApiType="IM1", ApiInstance="")
    try:
        await http.send(session, "GET", url, xhr=False)
    except HubError as exc:
        log.info("hub logout after linking failed: %s", exc.code)
