"""Linking and staying linked: password login, codes, rotating refresh tokens, revoking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.hub import (
    AiohttpHub,
    CodeRejected,
    HubEndpoints,
    LoginRequired,
    TokenRevoked,
    WrongPassword,
)
from bot.sandbox import SandboxHub

Link = Callable[..., Awaitable[Any]]  # the `link` fixture: login → a linked account

ELSA = "3100101"


async def test_password_login_gives_a_code_and_leaves_no_session(
    aiohub: AiohttpHub, sandbox: SandboxHub, redirect_uri: str
) -> None:
    code = await aiohub.password_login_code("anna", "demo", redirect_uri, state="s1")
    assert code
    # The login form was posted with its hidden inputs; the throwaway session was logged out.
    assert ("POST", "/swedish/production/mentor/") in sandbox.request_log
    assert sandbox.request_log[-1][1].lower().startswith("/authentication/authentication/logout")
    tokens = await aiohub.oauth.exchange_code(code, redirect_uri)
    assert tokens.access_token and tokens.refresh_token and tokens.expires_at is not None


@pytest.mark.parametrize(("login", "password"), [("anna", "fel"), ("ingen", "demo"), ("anna", "")])
async def test_wrong_password_is_named(
    aiohub: AiohttpHub, login: str, password: str, redirect_uri: str
) -> None:
    with pytest.raises(WrongPassword) as caught:
        await aiohub.password_login_code(login, password, redirect_uri)
    assert caught.value.code == "WRONG_PASSWORD"


async def test_authorization_code_is_single_use(aiohub: AiohttpHub, redirect_uri: str) -> None:
    code = await aiohub.password_login_code("anna", "demo", redirect_uri)
    await aiohub.oauth.exchange_code(code, redirect_uri)
    with pytest.raises(CodeRejected):
        await aiohub.oauth.exchange_code(code, redirect_uri)


async def test_authorization_code_expires(
    aiohub: AiohttpHub, clock: ManualClock, redirect_uri: str
) -> None:
    code = await aiohub.password_login_code("anna", "demo", redirect_uri)
    clock.advance(minutes=6)
    with pytest.raises(CodeRejected):
        await aiohub.oauth.exchange_code(code, redirect_uri)


async def test_authorization_code_is_bound_to_its_redirect(
    aiohub: AiohttpHub, redirect_uri: str
) -> None:
    code = await aiohub.password_login_code("anna", "demo", redirect_uri)
    with pytest.raises(CodeRejected):
        await aiohub.oauth.exchange_code(code, "http://127.0.0.1:9/another")


async def test_refresh_rotates_and_reuse_revokes_the_family(
    aiohub: AiohttpHub, redirect_uri: str
) -> None:
    code = await aiohub.password_login_code("anna", "demo", redirect_uri)
    first = await aiohub.oauth.exchange_code(code, redirect_uri)
    second = await aiohub.oauth.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    with pytest.raises(TokenRevoked):
        await aiohub.oauth.refresh(first.refresh_token)  # reuse of a rotated token
    with pytest.raises(TokenRevoked):
        await aiohub.oauth.refresh(second.refresh_token)  # ... ended the whole family


async def test_every_rotation_is_handed_over_at_once(link: Link) -> None:
    anna = await link("anna")
    assert anna.saved == []
    await anna.client.news(ELSA)
    assert len(anna.saved) == 1 and anna.saved[0] != anna.first_token
    assert anna.client.session.refresh_token == anna.saved[-1]
    await anna.client.account()  # the access token from the login is still fresh
    assert len(anna.saved) == 1


async def test_a_restarted_bot_continues_with_the_saved_token(
    link: Link, sandbox: SandboxHub, clock: ManualClock
) -> None:
    anna = await link("anna")
    await anna.client.news(ELSA)
    saved: list[str] = []
    async with AiohttpHub(HubEndpoints.single(str(sandbox.base_url)), clock) as restarted:
        again = restarted.client("anna", anna.current_token, saved.append)
        assert (await again.account()).first_name == "Anna"
        assert len(saved) == 1

        # The first process still holds the token the second one rotated away:
        # when its session dies and it refreshes, that is a reuse, and the Hub
        # ends the whole link for both.
        sandbox.expire_sessions()
        with pytest.raises(TokenRevoked) as caught:
            await anna.client.news(ELSA)
        assert isinstance(caught.value, LoginRequired)
        with pytest.raises(TokenRevoked):  # its access token died with the family
            await again.account()


async def test_revoking_unlinks(link: Link, aiohub: AiohttpHub, sandbox: SandboxHub) -> None:
    anna = await link("anna")
    await anna.client.news(ELSA)
    await aiohub.oauth.revoke(anna.current_token)
    sandbox.expire_sessions()
    with pytest.raises(TokenRevoked):
        await anna.client.news(ELSA)
    await aiohub.forget("anna")


async def test_the_same_account_gets_the_same_client(aiohub: AiohttpHub) -> None:
    one = aiohub.client("anna", "token", lambda _: None)
    assert aiohub.client("anna", "other", lambda _: None) is one
    await aiohub.forget("anna")
    assert aiohub.client("anna", "other", lambda _: None) is not one


async def test_authorize_url_carries_the_client(
    aiohub: AiohttpHub, sandbox: SandboxHub, redirect_uri: str
) -> None:
    url = aiohub.oauth.authorize_url(redirect_uri, "xyz")
    assert str(url).startswith(f"{sandbox.base_url!s}/Authentication/Authentication/LoginOAuth2?")
    assert dict(url.query) == {
        "client_id": "hubbot",
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": "IM2-API-NOTIFICATION",
        "state": "xyz",
    }


async def test_access_token_expiry_refreshes(link: Link, clock: ManualClock) -> None:
    anna = await link("anna")
    await anna.client.account()
    clock.advance(timedelta(minutes=11))
    assert (await anna.client.account()).first_name == "Anna"
    assert len(anna.saved) == 2
