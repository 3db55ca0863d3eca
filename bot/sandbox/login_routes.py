"""Routes that make or end a session: password form, BankID, OAuth2, SSO, home, switch."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from bot.sandbox import bankid, directory, home, oauth, pages, sessions
from bot.sandbox.db import transaction
from bot.sandbox.web import (
    Call,
    Router,
    clear_session_cookies,
    current_session,
    html_answer,
    hub,
    json_answer,
    login_redirect,
    read_params,
    redirect,
    safe_return_url,
    set_session_cookies,
)

router = Router()


def _query(request: web.Request, name: str) -> str:
    """A query parameter, whatever its case (ASP.NET does not care either)."""
    wanted = name.lower()
    for key, value in request.query.items():
        if key.lower() == wanted:
            return value
    return ""


def _login_form(return_url: str, error: str | None = None, status: int = 200) -> web.Response:
    page = pages.login_page(
        return_url=return_url,
        oauth_token=secrets.token_urlsafe(16),
        viewstate=secrets.token_urlsafe(24),
        error=error,
    )
    return html_answer(page, status)


# -- password -----------------------------------------------------------------------------------


@router.page("/authentication/authentication/login", methods=("GET", "POST"))
async def login_page(request: web.Request) -> web.StreamResponse:
    return _login_form(safe_return_url(_query(request, "ReturnUrl") or "/"))


@router.page("/swedish/production/mentor", methods=("GET", "POST"))
async def mentor_login(request: web.Request) -> web.StreamResponse:
    """The form post (and the one-time SSO URL, which is a GET with `ssoToken`)."""
    ctx = hub(request)
    params = await read_params(request)
    sso_token = str(params.get("ssotoken") or "")
    if request.method == "GET":
        if not sso_token:
            return login_redirect("/")
        with transaction(ctx.conn):
            account = oauth.redeem_sso_token(ctx.conn, ctx.clock, sso_token)
            session = sessions.open_session(ctx.conn, ctx.clock, account) if account else None
        if session is None:
            return login_redirect("/")
        response = redirect("/")
        set_session_cookies(response, session)
        return response
    return_url = safe_return_url(params.get("returnurl") or "/")
    user = str(params.get(pages.USER_FIELD.lower()) or "")
    password = str(params.get(pages.PASSWORD_FIELD.lower()) or "")
    with transaction(ctx.conn):
        account = directory.check_password(ctx.conn, user, password) if user else None
        session = sessions.open_session(ctx.conn, ctx.clock, account) if account else None
    if session is None:
        return _login_form(return_url, pages.WRONG_PASSWORD)
    response = redirect(return_url)
    set_session_cookies(response, session)
    return response


@router.page("/authentication/authentication/isauthenticated", methods=("GET", "POST"))
async def is_authenticated(request: web.Request) -> web.StreamResponse:
    alive = current_session(request) is not None
    return web.Response(text="true" if alive else "false", content_type="application/json")


@router.page("/authentication/authentication/logout", methods=("GET", "POST"))
async def logout(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    session = current_session(request)
    if session is not None:
        with transaction(ctx.conn):
            sessions.end_session(ctx.conn, session.id)
    response = login_redirect("/")
    clear_session_cookies(response)
    return response


# -- home and the selected pupil ----------------------------------------------------------------


@router.page("/")
async def home_page(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    session = current_session(request)
    account = directory.account_by_id(ctx.conn, session.account_id) if session else None
    if session is None or account is None:
        return login_redirect(request.path_qs)
    data = home.home_data(
        ctx.conn, account, session.selected_child_id, origin=str(request.url.origin())
    )
    return html_answer(pages.home_page(data))


@router.page("/account/pupilswitcher/switchpupil/*")
async def switch_pupil(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    session = current_session(request)
    account = directory.account_by_id(ctx.conn, session.account_id) if session else None
    if session is None or account is None:
        return login_redirect(request.path_qs)
    last = request.path.rstrip("/").rsplit("/", 1)[-1]
    if last.isdigit():
        with transaction(ctx.conn):
            sessions.select_child(ctx.conn, session, account, int(last))
    if request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest":
        # deformentor-cli: asked as XHR the Hub answers 500, yet the switch took effect.
        return html_answer(pages.message_page("Server Error", "Ett fel inträffade."), 500)
    return redirect("/")


# -- BankID -------------------------------------------------------------------------------------


@router.page("/sso/bankid")
async def bankid_page(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return_url = safe_return_url(_query(request, "ReturnUrl") or "/")
    with transaction(ctx.conn):
        order = bankid.start_order(
            ctx.conn, ctx.clock, expected_login=_query(request, "login"), return_url=return_url
        )
    return html_answer(pages.bankid_start_page(order_id=order.id, return_url=return_url))


@router.page("/sso/bankid/initialize", methods=("POST",))
async def bankid_initialize(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    params = await read_params(request)
    with transaction(ctx.conn):
        order = bankid.start_order(
            ctx.conn,
            ctx.clock,
            expected_login=str(params.get("login") or "") or None,
            return_url=safe_return_url(params.get("returnurl") or "/"),
        )
    return json_answer({"order": order.id, "token": order.token})


@router.page("/sso/bankid/verifyorder", methods=("GET", "POST"))
async def bankid_verify(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    params = await read_params(request)
    with transaction(ctx.conn):
        state = bankid.state_of(ctx.conn, ctx.clock, str(params.get("order") or ""))
    return json_answer({"state": state})


@router.page("/sso/bankid/approve", methods=("GET", "POST"))
async def bankid_approve(request: web.Request) -> web.StreamResponse:
    """The person's "phone": opening it is USER_SIGN; the buttons approve or cancel."""
    ctx = hub(request)
    params = await read_params(request)
    order_id = str(params.get("order") or "")
    with transaction(ctx.conn):
        if request.method == "GET":
            order = bankid.open_on_phone(ctx.conn, ctx.clock, order_id)
            if order is None:
                return html_answer(
                    pages.bankid_phone_page(order_id=order_id, state="ERROR", login=None), 404
                )
            page = pages.bankid_phone_page(
                order_id=order.id, state=order.state, login=order.expected_login
            )
            return html_answer(page)
        if str(params.get("action") or "").lower() == "cancel":
            state = bankid.cancel(ctx.conn, ctx.clock, order_id)
        else:
            state = bankid.approve(ctx.conn, ctx.clock, order_id, str(params.get("login") or ""))
    return html_answer(pages.bankid_phone_page(order_id=order_id, state=state, login=None))


@router.page("/sso/bankid/complete")
async def bankid_complete(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    current = current_session(request)
    with transaction(ctx.conn):
        done = bankid.complete(ctx.conn, ctx.clock, _query(request, "order"))
        if done is None:
            page = pages.message_page("BankID", "Inloggningen är inte godkänd eller redan använd.")
            return html_answer(page, 400)
        account, return_url = done
        if current is not None and current.account_id == account.id:
            # The same person again: the session they have becomes fresh.
            sessions.mark_bankid(ctx.conn, ctx.clock, current.id)
            return redirect(return_url)
        session = sessions.open_session(ctx.conn, ctx.clock, account, bankid=True)
    response = redirect(return_url)
    set_session_cookies(response, session)
    return response


# -- OAuth2 and the NA1 API ---------------------------------------------------------------------


@router.api("/account/pair/GetAuthenticationData")
def authentication_data(call: Call) -> dict[str, Any]:
    """Pairing a device: the fields public clients read (heinrisch, deformentor)."""
    ctx = call.ctx
    origin = str(call.request.url.origin())
    with transaction(ctx.conn):
        guid = oauth.start_pairing(ctx.conn, ctx.clock, call.account)
    return {
        "apiUrl": f"{origin}/NA1",
        "authenticationUrl": (
            f"{origin}/Authentication/Authentication/LoginOAuth2?authGuid={guid}"
            "&DeviceIdentifier={DeviceIdentifier}&DeviceFriendlyName={DeviceFriendlyName}"
            "&DevicePlatform={DevicePlatform}"
        ),
        "tokenUrl": f"{origin}/Authentication/OAuth2/Token",
        "clientId": oauth.NOTIFICATION_APP,
        "expirationTime": oauth.pairing_expiry(ctx.clock),
        "revokeRefreshTokenUrl": f"{origin}/Authentication/OAuth2/Revoke",
    }


@router.page("/authentication/authentication/loginoauth2")
async def login_oauth2(request: web.Request) -> web.StreamResponse:
    """The app's authorize request: an `authGuid` from pairing buys one code, no cookie needed."""
    ctx = hub(request)
    client_id = _query(request, "client_id")
    redirect_uri = _query(request, "redirect_uri")
    if not oauth.redirect_allowed(client_id, redirect_uri):
        page = pages.message_page("Ogiltig klient", "Okänd klient eller redirect_uri.")
        return html_answer(page, 400)
    if _query(request, "response_type") != "code" or _query(request, "scope") != oauth.SCOPE:
        return html_answer(pages.message_page("Ogiltig begäran", "response_type=code"), 400)
    challenge = _query(request, "code_challenge")
    if challenge and _query(request, "code_challenge_method") not in ("", "S256"):
        return html_answer(pages.message_page("Ogiltig begäran", "code_challenge_method"), 400)
    device = _query(request, "DeviceIdentifier")
    if "{" in device:
        return html_answer(pages.message_page("Ogiltig begäran", "DeviceIdentifier"), 400)
    with transaction(ctx.conn):
        account = oauth.take_pairing(ctx.conn, ctx.clock, _query(request, "authGuid"))
        if account is None:
            return login_redirect(request.path_qs)
        code = oauth.issue_code(
            ctx.conn,
            ctx.clock,
            account,
            client_id,
            redirect_uri,
            code_challenge=challenge or None,
            device_identifier=device or None,
        )
    query = {"code": code}
    if _query(request, "state"):
        query["state"] = _query(request, "state")
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{separator}{urlencode(query)}")


@router.page("/authentication/oauth2/token", methods=("POST",))
async def token(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    params = await read_params(request)
    grant = str(params.get("grant_type") or "")
    client_id = str(params.get("client_id") or "")
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    error: oauth.OAuthError | None = None
    answer: dict[str, Any] = {}
    # Failures are committed too: a replayed token must stay revoked.
    with transaction(ctx.conn):
        try:
            if grant == "authorization_code":
                answer = oauth.exchange_code(
                    ctx.conn,
                    ctx.clock,
                    str(params.get("code") or ""),
                    client_id,
                    str(params.get("redirect_uri") or ""),
                    str(params.get("code_verifier") or "") or None,
                )
            elif grant == "refresh_token":
                answer = oauth.refresh(
                    ctx.conn, ctx.clock, str(params.get("refresh_token") or ""), client_id or None
                )
            else:
                error = oauth.OAuthError("unsupported_grant_type")
        except oauth.OAuthError as failure:
            error = failure
    if error is not None:
        response = json_answer({"error": error.error}, status=400)
    else:
        response = json_answer(answer)
    response.headers.update(headers)
    return response


@router.page("/authentication/oauth2/revoke", methods=("POST",))
async def revoke(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    params = await read_params(request)
    with transaction(ctx.conn):
        oauth.revoke(ctx.conn, str(params.get("token") or ""))
    return json_answer({})


def _bearer_account(request: web.Request) -> directory.Account | None:
    ctx = hub(request)
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return oauth.account_for_access(ctx.conn, ctx.clock, value.strip())


def _unauthorized() -> web.Response:
    response = json_answer({"error": "invalid_token"}, status=401)
    response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@router.page("/na1/authentication/sso")
async def na1_sso(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    account = _bearer_account(request)
    if account is None:
        return _unauthorized()
    with transaction(ctx.conn):
        sso_token = oauth.issue_sso_token(ctx.conn, ctx.clock, account)
    origin = str(request.url.origin())
    return json_answer(f"{origin}/swedish/production/mentor/?ssoToken={sso_token}")


@router.page("/na1/account/account")
async def na1_account(request: web.Request) -> web.StreamResponse:
    account = _bearer_account(request)
    if account is None:
        return _unauthorized()
    return json_answer(home.na1_account(hub(request).conn, account))
