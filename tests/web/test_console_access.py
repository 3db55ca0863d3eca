"""Every console route behind its filter: no session, wrong role, forged form — refused.

The routes come from the console's own table (`ROUTES`), so a route added later
is checked here without anyone remembering to add it.
"""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from bot.storage.models import StaffRole
from bot.testing.conversation import BotHarness
from bot.web.console import ROUTES
from bot.web.console.access import GRANTS, Permission
from bot.web.console.guard import Route

from .conftest import session_for

GUARDED = [r for r in ROUTES if r.permission is not Permission.PUBLIC]
POSTS = [r for r in GUARDED if r.method == "POST"]
WRONG_ROLES = [
    (route, role)
    for route in GUARDED
    for role in StaffRole
    if role not in GRANTS[route.permission]
]
RIGHT_ROLE = {permission: min(roles) for permission, roles in GRANTS.items()}


def url(route: Route) -> str:
    return (
        route.path.replace("{channel}", "test")
        .replace("{chat_id}", "chat-anna")
        .replace("{name}", "console.css")
    )


def ident(route: Route) -> str:
    return f"{route.method} {route.path}"


def test_every_route_names_a_permission_and_the_table_covers_every_role() -> None:
    assert GUARDED, "the console has guarded routes"
    assert {r.permission for r in GUARDED} == set(GRANTS)
    # Teachers must not reach conversations; support must not read the audit log.
    assert StaffRole.TEACHER not in GRANTS[Permission.READ_CONVERSATIONS]
    assert StaffRole.SUPPORT not in GRANTS[Permission.READ_AUDIT]
    assert GRANTS[Permission.READ_AUDIT] == {StaffRole.ADMIN}


@pytest.mark.parametrize("route", GUARDED, ids=ident)
async def test_without_a_session_nothing_is_served(console: TestClient, route: Route) -> None:
    answer = await console.request(route.method, url(route), allow_redirects=False)
    if route.method == "GET" and not route.fragment:
        assert answer.status == 303
        assert answer.headers["Location"].startswith("/console/login?next=")
    else:
        assert answer.status == 401
    assert "Anna" not in await answer.text()


@pytest.mark.parametrize(("route", "role"), WRONG_ROLES, ids=lambda v: str(getattr(v, "path", v)))
async def test_the_wrong_role_is_refused(
    bot: BotHarness, console: TestClient, route: Route, role: StaffRole
) -> None:
    token = await session_for(bot, console, role)
    data = {"csrf_token": token} if route.method == "POST" else None
    answer = await console.request(route.method, url(route), data=data, allow_redirects=False)
    assert answer.status == 403
    assert "Anna" not in await answer.text()


@pytest.mark.parametrize("route", POSTS, ids=ident)
async def test_a_form_without_its_csrf_token_is_refused(
    bot: BotHarness, console: TestClient, route: Route
) -> None:
    await session_for(bot, console, RIGHT_ROLE[route.permission])
    missing = await console.post(url(route), data={"text": "hej"}, allow_redirects=False)
    assert missing.status == 403
    forged = await console.post(
        url(route), data={"text": "hej", "csrf_token": "forged"}, allow_redirects=False
    )
    assert forged.status == 403
    # Nothing happened: no claim, no audit row beyond none at all.
    assert await bot.app.store.list_claims() == []
    assert await bot.app.store.list_audit() == []


async def test_support_of_another_municipality_sees_no_conversation(
    bot: BotHarness, console: TestClient
) -> None:
    await session_for(bot, console, StaffRole.SUPPORT, municipality="another-town")
    answer = await console.get("/console/conversations", allow_redirects=False)
    assert answer.status == 403


async def test_the_sign_in_form_needs_its_own_token(console: TestClient) -> None:
    answer = await console.post(
        "/console/login",
        data={"login": "support", "password": "demo", "csrf_token": "guess"},
        allow_redirects=False,
    )
    assert answer.status == 403
    assert "Set-Cookie" not in answer.headers or "hubbot_console=" not in answer.headers.get(
        "Set-Cookie", ""
    )
