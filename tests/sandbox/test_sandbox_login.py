"""Password login, session cookies, dead-session signals and logout."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.sandbox import SandboxHub
from bot.sandbox.demo import NILS
from bot.sandbox.web import LOGIN_PATH


def hidden_inputs(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


async def test_login_page_is_a_real_form_with_the_hub_fields(browser):
    b = browser()
    page = await b.get(f"{LOGIN_PATH}?apitype=im1&ReturnUrl=%2Fattendance")
    assert page.status == 200
    assert '<form id="openid_message" method="post" action="/swedish/production/mentor/">' in (
        page.text
    )
    hidden = hidden_inputs(page.text)
    assert {"oauth_token", "__VIEWSTATE", "__EVENTVALIDATION", "ReturnUrl"} <= hidden.keys()
    assert hidden["ReturnUrl"] == "/attendance"
    for field in ("login_ascx$txtNotandanafn", "login_ascx$txtLykilord", "login_ascx$btnLogin"):
        assert f'name="{field}"' in page.text
    assert "/sso/bankid?ReturnUrl=%2Fattendance" in page.text


async def test_posting_the_parsed_form_logs_in_with_httponly_cookies(browser):
    b = browser()
    page = await b.get(f"{LOGIN_PATH}?apitype=im1&ReturnUrl=%2F")
    form = hidden_inputs(page.text) | {
        "login_ascx$txtNotandanafn": "anna",
        "login_ascx$txtLykilord": "demo",
        "login_ascx$btnLogin": "Logga in",
    }
    answer = await b.request("POST", "/swedish/production/mentor/", form=form)
    assert answer.status == 302
    assert answer.headers["Location"] == "/"
    cookies = answer.headers.getall("Set-Cookie")
    for name in ("ASP.NET_SessionId=", "IMHome="):
        cookie = next(c for c in cookies if c.startswith(name))
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert (await b.post("/authentication/authentication/isauthenticated/")).text == "true"


async def test_wrong_password_and_unknown_user_get_the_form_again(browser):
    for user, password in (("anna", "fel"), ("okand", "demo"), ("", "")):
        b = browser()
        answer = await b.login(user, password)
        assert answer.status == 200
        assert "Fel användarnamn eller lösenord" in answer.text
        assert "Set-Cookie" not in answer.headers
        assert (await b.post("/authentication/authentication/isauthenticated")).text == "false"


async def test_return_url_only_goes_to_local_paths(browser):
    b = browser()
    assert (await b.login("anna", return_url="https://evil.example/")).headers["Location"] == "/"
    b = browser()
    answer = await b.login("anna", return_url="/attendance/attendance")
    assert answer.headers["Location"] == "/attendance/attendance"


async def test_every_login_makes_a_new_session(browser):
    b = browser()
    await b.login("anna")
    first = {c.key: c.value for c in b.jar}
    await b.login("anna")
    second = {c.key: c.value for c in b.jar}
    assert first["ASP.NET_SessionId"] != second["ASP.NET_SessionId"]
    assert first["IMHome"] != second["IMHome"]


async def test_missing_session_looks_like_the_real_hub(browser):
    b = browser()
    news = await b.post("/Communication/News/GetNewsList", {"pageSize": -1})
    assert news.is_dead_session
    home = await b.get("/")
    assert home.status == 302
    assert home.headers["Location"].startswith(f"{LOGIN_PATH}?apitype=im1&ReturnUrl=")
    switch = await b.switch(NILS)
    assert switch.status == 302 and LOGIN_PATH in switch.headers["Location"]
    assert "SwitchPupil" in switch.headers["Location"]


async def test_a_session_needs_both_cookies(browser):
    b = browser()
    await b.login("anna")
    b.jar.clear(lambda cookie: cookie.key == "IMHome")
    assert (await b.post("/Communication/News/GetNewsList")).is_dead_session


async def test_expire_sessions_hook_kills_live_sessions(hub: SandboxHub, signed_in):
    b = await signed_in("anna")
    assert not (await b.post("/Communication/News/GetNewsList")).is_dead_session
    assert hub.expire_sessions() >= 1
    assert (await b.post("/Communication/News/GetNewsList")).is_dead_session
    assert (await b.get("/")).status == 302


async def test_sessions_die_after_three_idle_hours_but_live_while_used(clock, signed_in):
    b = await signed_in("anna")
    for _ in range(3):
        clock.advance(hours=2, minutes=50)
        assert not (await b.post("/Communication/News/GetNewsList")).is_dead_session
    clock.advance(hours=3, minutes=1)
    assert (await b.post("/Communication/News/GetNewsList")).is_dead_session
    clock.advance(timedelta(0))
    assert (await b.post("/authentication/authentication/isauthenticated/")).text == "false"


async def test_logout_ends_the_session(signed_in):
    b = await signed_in("anna")
    answer = await b.get("/Authentication/Authentication/LogOut?ApiType=IM1&ApiInstance=")
    assert answer.status == 302 and LOGIN_PATH in answer.headers["Location"]
    assert (await b.post("/Communication/News/GetNewsList")).is_dead_session


async def test_login_with_a_session_then_follow_to_the_home_page(browser):
    b = browser()
    answer = await b.request(
        "POST",
        "/swedish/production/mentor/",
        form={"login_ascx$txtNotandanafn": "ANNA", "login_ascx$txtLykilord": "demo"},
        follow=True,
    )
    assert answer.status == 200
    assert "IMHome.home.homeData" in answer.text
