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


async def test_password_login_pairs_as_the_app_and_leaves_no_session(
    aiohub: AiohttpHub, sandbox: SandboxHub
) -> None:
    tokens = await aiohub.password_pairing("anna", "demo")
    assert tokens.access_token and tokens.refresh_token and tokens.expires_at is not None
    paths = [path.lower() for _method, path in sandbox.request_log]
    # The login form was posted, the session paired, then logged out.
    assert ("POST", "/swedish/production/mentor/") in sandbox.request_log
    assert "/account/pair/getauthenticationdata" in paths
    assert "/authentication/authentication/loginoauth2" in paths
    assert "/authentication/oauth2/token" in paths
    assert paths[-1].startswith("/authentication/authentication/logout")


@pytest.mark.parametrize(("login", "password"), [("anna", "fel"), ("ingen", "demo"), ("anna", "")])
async def test_wrong_password_is_named(aiohub: AiohttpHub, login: str, password: str) -> None:
    with pytest.raises(WrongPassword) as caught:
        await aiohub.password_pairing(login, password)
    assert caught.value.code == "WRONG_PASSWORD"


async def test_a_code_from_the_app_redirect_is_single_use(aiohub: AiohttpHub) -> None:
    with pytest.raises(CodeRejected):
        await aiohub.oauth.exchange_code("made-up", "InfomentorNotification://oauth2Callback")


async def test_refresh_rotates_and_reuse_revokes_the_family(aiohub: AiohttpHub) -> None:
    first = await aiohub.password_pairing("anna", "demo")
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


async def test_access_token_expiry_refreshes(link: Link, clock: ManualClock) -> None:
    anna = await link("anna")
    await anna.client.account()
    clock.advance(timedelta(minutes=11))
    assert (await anna.client.account()).first_name == "Anna"
    assert len(anna.saved) == 2
