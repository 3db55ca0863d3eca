"""Signing in and out, the session's life, the cookie's protections, the administrator."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.storage.models import StaffRole
from bot.testing.conversation import BotHarness
from bot.web.console import install_console
from bot.web.console.session_cookie import PLAIN_NAME, SECURE_NAME

from .conftest import ADMIN_PASSWORD, console_settings, csrf_of, session_for, sign_in


async def test_a_guardian_cannot_use_the_console(bot: BotHarness, console: TestClient) -> None:
    page = await console.get("/console/login")
    answer = await console.post(
        "/console/login",
        data={"login": "anna", "password": "demo", "csrf_token": csrf_of(await page.text())},
        allow_redirects=False,
    )
    assert answer.status == 401
    assert "Fel användarnamn eller lösenord, eller så är kontot inget personalkonto." in (
        await answer.text()
    )
    assert PLAIN_NAME not in answer.cookies


async def test_a_wrong_password_is_refused_and_logged(
    bot: BotHarness, console: TestClient
) -> None:
    page = await console.get("/console/login")
    answer = await console.post(
        "/console/login",
        data={"login": "support", "password": "nej", "csrf_token": csrf_of(await page.text())},
    )
    assert answer.status == 401
    assert "Fel användarnamn eller lösenord" in await answer.text()
    (row,) = await bot.app.store.list_audit()
    assert row.action == "sign_in_refused" and row.actor == "support"


async def test_the_session_cookie_is_httponly_and_strict_and_ends_after_20_idle_minutes(
    bot: BotHarness, console: TestClient
) -> None:
    page = await console.get("/console/login")
    answer = await console.post(
        "/console/login",
        data={"login": "support", "password": "demo", "csrf_token": csrf_of(await page.text())},
        allow_redirects=False,
    )
    cookie = answer.cookies[PLAIN_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert not cookie["secure"], "plain http on loopback: a Secure cookie would never return"
    assert (await console.get("/console/conversations", allow_redirects=False)).status == 200
    bot.clock.advance(minutes=19)
    assert (await console.get("/console/conversations", allow_redirects=False)).status == 200
    bot.clock.advance(minutes=19)  # active 19 minutes ago: still alive
    assert (await console.get("/console/conversations", allow_redirects=False)).status == 200
    bot.clock.advance(timedelta(minutes=20))
    gone = await console.get("/console/conversations", allow_redirects=False)
    assert gone.status == 303 and gone.headers["Location"].startswith("/console/login")


async def test_sign_out_ends_the_session_for_good(bot: BotHarness, console: TestClient) -> None:
    token = await sign_in(console, "support")
    stolen = console.session.cookie_jar.filter_cookies(console.make_url("/"))[PLAIN_NAME].value
    out = await console.post("/console/logout", data={"csrf_token": token}, allow_redirects=False)
    assert out.status == 303
    console.session.cookie_jar.update_cookies({PLAIN_NAME: stolen})
    again = await console.get("/console/conversations", allow_redirects=False)
    assert again.status == 303
    assert [e.action for e in await bot.app.store.list_audit()][:2] == ["sign_out", "sign_in"]


async def test_over_https_the_cookie_is_secure_with_the_host_prefix(
    bot: BotHarness, aiohttp_client
) -> None:
    app = web.Application()
    install_console(bot.app.console_ports, console_settings(secure_cookies="always"))(app)
    client: TestClient = await aiohttp_client(app)
    page = await client.get("/console/login")
    login_cookie = page.cookies["hubbot_console_login"]
    assert login_cookie["secure"] and login_cookie["httponly"]
    form = {"login": "support", "password": "demo", "csrf_token": csrf_of(await page.text())}
    # Over plain http the client keeps the Secure cookie to itself, as browsers do: that is
    # why Secure follows the scheme. A TLS proxy in front would pass it; send it by hand.
    dropped = await client.post("/console/login", data=form, allow_redirects=False)
    assert dropped.status == 403
    answer = await client.post(
        "/console/login",
        data=form,
        cookies={"hubbot_console_login": login_cookie.value},
        allow_redirects=False,
    )
    cookie = answer.cookies[SECURE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"


async def test_only_the_administrator_reads_the_audit_log(
    bot: BotHarness, console: TestClient
) -> None:
    await sign_in(console, "support")
    assert (await console.get("/console/audit")).status == 403
    console.session.cookie_jar.clear()
    await sign_in(console, "admin", ADMIN_PASSWORD)
    page = await console.get("/console/audit")
    assert page.status == 200
    text = await page.text()
    assert "sign_in" in text and "support" in text
    assert (await console.get("/console/conversations")).status == 403
    assert (await bot.app.store.list_audit())[0].action == "view_audit"


async def test_the_administrator_password_is_checked(bot: BotHarness, console: TestClient) -> None:
    page = await console.get("/console/login")
    answer = await console.post(
        "/console/login",
        data={"login": "admin", "password": "demo", "csrf_token": csrf_of(await page.text())},
    )
    assert answer.status == 401


async def test_pages_carry_strict_headers_and_stay_small(
    bot: BotHarness, console: TestClient
) -> None:
    anna = await bot.chat("anna")
    for n in range(25):  # the text budget is 40 000 characters a page
        await anna.say(f"Elsa är sjuk idag {n} " + "x" * 1900)
    chat = bot.app.member_of(anna.chat, anna.sender_id).chat
    await session_for(bot, console, StaffRole.SUPPORT)
    script = await (await console.get("/console/static/console.js")).read()
    for path in ("/console/conversations", f"/console/chats/{chat.channel}/{chat.chat_id}"):
        answer = await console.get(path)
        body = await answer.read()
        assert len(body) + len(script) < 100_000, (path, len(body))
        assert answer.headers["Cache-Control"] == "no-store"
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert b"Tidigare meddelanden" in body


async def test_next_only_leads_inside_the_console(bot: BotHarness, console: TestClient) -> None:
    page = await console.get("/console/login?next=https://evil.example/")
    answer = await console.post(
        "/console/login",
        data={
            "login": "support",
            "password": "demo",
            "csrf_token": csrf_of(await page.text()),
            "next": "//evil.example/",
        },
        allow_redirects=False,
    )
    assert answer.headers["Location"] == "/console/conversations"
