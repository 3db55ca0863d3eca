"""Signing in and out, and the start page that sends each role where it works."""

from __future__ import annotations

from aiohttp import web

from bot.i18n import N_
from bot.storage.models import StaffSession
from bot.web.console import audit, csrf, session_cookie
from bot.web.console.access import HOME
from bot.web.console.auth import Refusal, SignInRefused, sign_in
from bot.web.console.config import DEMO_STAFF
from bot.web.console.context import ConsoleContext
from bot.web.console.guard import refusal, safe_next
from bot.web.console.render import page, see_other
from bot.web.console.throttle import SignInThrottle

REFUSALS = {
    Refusal.WRONG_PASSWORD: N_(
        "Wrong user name or password, or the account is not a staff account. The console is "
        "for school staff and the support desk."
    ),
    Refusal.HUB_DOWN: N_("The Hub is not answering right now. Please try again in a while."),
}


async def home(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    return see_other(HOME[staff.role])


def _login_page(
    request: web.Request,
    console: ConsoleContext,
    *,
    error: str = "",
    status: int = 200,
    login: str = "",
) -> web.Response:
    token = csrf.new_token()
    response = page(
        console.env,
        "login.html",
        status=status,
        staff=None,
        csrf_token=token,
        error=error,
        login=login,
        next=safe_next(request.query.get("next")) or "",
        demo=console.ports.demo,
        demo_staff=DEMO_STAFF,
        municipality=console.municipality,
    )
    session_cookie.set_login_token(response, token, secure=console.secure(request))
    return response


async def login_form(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    current = await console.current_staff(request)
    if current is not None:
        return see_other(HOME[current.role])
    return _login_page(request, console)


async def login(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    t = console.t
    form = await request.post()
    if not csrf.matches(
        request.cookies.get(session_cookie.LOGIN_NAME), await csrf.submitted(request)
    ):
        return refusal(
            console,
            403,
            t.gettext("The form had expired. Go back, reload the page and try again."),
            None,
        )
    name, password = str(form.get("login", "")), str(form.get("password", ""))
    store = console.store
    throttle = SignInThrottle(store)
    address = request.remote or "-"
    wait = await throttle.wait(name, address, console.clock.now())
    if wait is not None:
        await store.add_audit(
            actor=name.strip()[:64] or "-",
            role="-",
            action=audit.SIGN_IN_REFUSED,
            detail="throttled",
        )
        response = _login_page(
            request,
            console,
            error=t.ngettext(
                "Too many sign-in attempts. Please wait {n} minute and try again.",
                "Too many sign-in attempts. Please wait {n} minutes and try again.",
                wait.minutes,
            ),
            status=429,
            login=name,
        )
        response.headers["Retry-After"] = str(wait.seconds)
        return response
    try:
        identity = await sign_in(console.staff_hub(), console.settings, name, password)
    except SignInRefused as refused:
        await store.add_audit(
            actor=name.strip()[:64] or "-",
            role="-",
            action=audit.SIGN_IN_REFUSED,
            detail=refused.reason.value,
        )
        if refused.reason is Refusal.WRONG_PASSWORD:
            await throttle.failed(name, address)
        status = 503 if refused.reason is Refusal.HUB_DOWN else 401
        return _login_page(
            request, console, error=t.gettext(REFUSALS[refused.reason]), status=status, login=name
        )
    await throttle.succeeded(name)
    session_id, session = await store.create_staff_session(
        login=identity.login,
        display_name=identity.display_name,
        role=identity.role,
        municipality=identity.municipality,
        hub_token=identity.hub_token,
    )
    await audit.audit(store, session, audit.SIGN_IN)
    target = safe_next(str(form.get("next", ""))) or HOME[session.role]
    response = see_other(target)
    session_cookie.set_session(response, session_id, secure=console.secure(request))
    response.del_cookie(session_cookie.LOGIN_NAME, path=session_cookie.LOGIN_PATH)
    return response


async def logout(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    value = session_cookie.session_id(request)
    if value:
        await console.store.end_staff_session(value)
    await audit.audit(console.store, staff, audit.SIGN_OUT)
    response = see_other("/console/login")
    session_cookie.clear_session(response)
    return response
