"""Linking by password: log in through the Hub's own form, then ask it for an OAuth code.

Used by the terminal chat (and tests) where no browser is at hand. It does what
a browser does and nothing more: fill the form, post every hidden input with
it, follow the Hub's relay forms, then request the authorization URL and catch
the code in the redirect instead of following it to the bot. The throwaway web
session is logged out afterwards; only the code leaves this module.
"""

from __future__ import annotations

import logging

import aiohttp
from yarl import URL

from bot.hub.errors import HubError, LoginRequired, WrongPassword
from bot.hub.forms import HtmlForm, parse_forms
from bot.hub.homepage import parse_home_data
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


async def password_login_code(
    http: HubHttp,
    oauth: OAuthClient,
    login: str,
    password: str,
    *,
    redirect_uri: str,
    state: str,
) -> str:
    """The authorization code for `login`; `WrongPassword` if the Hub refuses the password."""
    session = http.open_session()
    try:
        await log_in_with_password(http, session, login, password)
        code = await _authorize(http, session, oauth.authorize_url(redirect_uri, state), state)
        await _log_out(http, session)
        return code
    finally:
        await session.close()


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


async def _authorize(http: HubHttp, session: aiohttp.ClientSession, url: URL, state: str) -> str:
    redirect_uri = url.query["redirect_uri"]
    for _ in range(MAX_HOPS):
        answer = await http.send(session, "GET", url, xhr=False)
        raw_location = answer.headers.get("Location", "")
        if not answer.is_redirect or not raw_location:
            raise LoginRequired(f"the authorization answered {answer.status}, not a redirect")
        if _is_redirect_to(raw_location, redirect_uri):
            query = URL(raw_location).query
            if "error" in query:
                raise LoginRequired(f"the Hub refused the authorization: {query['error']}")
            if query.get("state") != state:
                raise HubError("the authorization came back with a different state")
            code = query.get("code")
            if not code:
                raise LoginRequired("the authorization gave no code")
            return code
        next_url = answer.location
        assert next_url is not None
        if next_url.path.lower() == LOGIN_PAGE:
            raise LoginRequired("the Hub asked for a login again while authorizing")
        url = next_url
    raise LoginRequired("the authorization did not settle")


def _is_redirect_to(location: str, redirect_uri: str) -> bool:
    if not location.lower().startswith(redirect_uri.lower()):
        return False
    rest = location[len(redirect_uri) :]
    return rest == "" or rest[0] in "?#&"


async def _log_out(http: HubHttp, session: aiohttp.ClientSession) -> None:
    url = (http.endpoints.hub / LOGOUT_PAGE.lstrip("/")).with_query(ApiType="IM1", ApiInstance="")
    try:
        await http.send(session, "GET", url, xhr=False)
    except HubError as exc:
        log.info("hub logout after linking failed: %s", exc.code)
