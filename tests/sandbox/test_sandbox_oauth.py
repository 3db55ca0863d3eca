"""Pairing, OAuth2 codes, rotating refresh tokens, family revocation, SSO URLs and NA1.

The sandbox knows one client, the mobile app's, reached through pairing as public
clients do it (heinrisch/infomentor-rev auth.py): GetAuthenticationData in a
logged-in session, then LoginOAuth2 with the authGuid and filled placeholders.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.sandbox.demo import ELSA, NILS
from bot.sandbox.web import LOGIN_PATH

APP = "notificationapp"
APP_REDIRECT = "InfomentorNotification://oauth2Callback"


async def pairing_url(b) -> str:
    data = (await b.post("/account/pair/GetAuthenticationData")).data
    filled = (
        data["authenticationUrl"]
        .replace("{DeviceIdentifier}", "test-device")
        .replace("{DeviceFriendlyName}", "Test")
        .replace("{DevicePlatform}", "Android")
    )
    return filled.removeprefix(b.base_url)


def authorize(
    path: str, client_id: str = APP, redirect_uri: str = APP_REDIRECT, **extra: str
) -> str:
    query = {
        "scope": "IM2-API-NOTIFICATION",
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "response_type": "code",
        "state": "xyz",
        **extra,
    }
    return f"{path}&{urlencode(query)}"


async def get_code(b, client_id: str = APP, redirect_uri: str = APP_REDIRECT, **extra: str) -> str:
    answer = await b.get(authorize(await pairing_url(b), client_id, redirect_uri, **extra))
    assert answer.status == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(redirect_uri + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


async def exchange(b, code: str, redirect_uri: str = APP_REDIRECT, client_id: str = APP, **extra):
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "client_secret": "NONE",
        **extra,
    }
    return await b.request("POST", "/Authentication/OAuth2/Token", form=form)


async def refresh(b, token: str, client_id: str = APP):
    form = {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "scope": "IM2-API-NOTIFICATION",
        "client_id": client_id,
    }
    return await b.request("POST", "/Authentication/OAuth2/Token", form=form)


async def tokens_for(b, user: str = "anna") -> dict:
    await b.login(user)
    answer = await exchange(b, await get_code(b))
    assert answer.status == 200, answer.text
    return answer.data


async def test_pairing_data_needs_a_session(signed_in, browser):
    assert (await browser().post("/account/pair/GetAuthenticationData")).is_dead_session
    b = await signed_in("anna")
    data = (await b.post("/account/pair/GetAuthenticationData")).data
    assert set(data) == {
        "apiUrl",
        "authenticationUrl",
        "tokenUrl",
        "clientId",
        "expirationTime",
        "revokeRefreshTokenUrl",
    }
    assert data["clientId"] == "notificationapp"
    assert data["tokenUrl"] == f"{b.base_url}/Authentication/OAuth2/Token"
    url = data["authenticationUrl"]
    assert url.startswith(f"{b.base_url}/Authentication/Authentication/LoginOAuth2?authGuid=")
    assert "DeviceIdentifier={DeviceIdentifier}" in url
    assert "DeviceFriendlyName={DeviceFriendlyName}" in url


async def test_the_auth_guid_alone_buys_one_code_without_a_cookie(signed_in, browser):
    b = await signed_in("anna")
    path = await pairing_url(b)
    device = browser()  # no cookies at all, as heinrisch's requests.get
    first = await device.get(authorize(path))
    assert first.status == 302 and first.headers["Location"].startswith(APP_REDIRECT + "?code=")
    again = await device.get(authorize(path))
    assert again.status == 302 and LOGIN_PATH in again.headers["Location"]


async def test_an_auth_guid_lives_five_minutes(clock, signed_in, browser):
    b = await signed_in("anna")
    path = await pairing_url(b)
    clock.advance(minutes=5, seconds=1)
    assert LOGIN_PATH in (await browser().get(authorize(path))).headers["Location"]


async def test_only_the_app_client_gets_a_code(browser):
    b = browser()
    await b.login("anna")
    assert await get_code(b)
    for client_id, redirect_uri in (
        ("hubbot", "http://127.0.0.1:8765/oauth/callback"),
        ("hubbot", APP_REDIRECT),
        ("notificationapp", "http://127.0.0.1:8765/oauth/callback"),
        ("someone", APP_REDIRECT),
    ):
        answer = await b.get(authorize(await pairing_url(b), client_id, redirect_uri))
        assert answer.status == 400, (client_id, redirect_uri)
        assert "code=" not in answer.headers.get("Location", "")


async def test_pkce_is_checked_when_a_challenge_was_sent(browser):
    b = browser()
    await b.login("anna")
    verifier = "v" * 50
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256"}
    assert (await exchange(b, await get_code(b, **pkce))).status == 400  # no verifier
    wrong = await exchange(b, await get_code(b, **pkce), code_verifier="w" * 50)
    assert wrong.status == 400
    right = await exchange(b, await get_code(b, **pkce), code_verifier=verifier)
    assert right.status == 200


async def test_token_answer_shape_and_access_token_use(browser):
    b = browser()
    tokens = await tokens_for(b)
    assert set(tokens) == {"access_token", "refresh_token", "expires_in", "token_type"}
    assert tokens["expires_in"] == 600 and tokens["token_type"] == "Bearer"
    account = await b.get(
        "/NA1/account/Account", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert account.data == {
        "UserId": 5001,
        "FirstName": "Anna",
        "LastName": "Lindqvist",
        "UserType": "Guardian",
        "Pupils": [
            {"UserRoleId": NILS, "FirstName": "Nils", "LastName": "Lindqvist"},
            {"UserRoleId": ELSA, "FirstName": "Elsa", "LastName": "Lindqvist"},
        ],
    }


async def test_codes_are_single_use_and_reuse_revokes_what_they_bought(browser):
    b = browser()
    await b.login("anna")
    code = await get_code(b)
    first = await exchange(b, code)
    assert first.status == 200
    again = await exchange(b, code)
    assert again.status == 400 and again.data == {"error": "invalid_grant"}
    assert (await refresh(b, first.data["refresh_token"])).status == 400


async def test_codes_expire_after_five_minutes(clock, browser):
    b = browser()
    await b.login("anna")
    code = await get_code(b)
    clock.advance(minutes=5, seconds=1)
    answer = await exchange(b, code)
    assert answer.status == 400 and answer.data["error"] == "invalid_grant"


async def test_code_needs_the_same_redirect_uri_and_client(browser):
    b = browser()
    await b.login("anna")
    assert (await exchange(b, await get_code(b), "http://127.0.0.1:1/other")).status == 400
    assert (await exchange(b, await get_code(b), client_id="hubbot")).status == 400
    assert (await exchange(b, "made-up")).data == {"error": "invalid_grant"}


async def test_refresh_rotates_and_reuse_revokes_the_family(browser):
    b = browser()
    tokens = await tokens_for(b)
    second = await refresh(b, tokens["refresh_token"])
    assert second.status == 200
    assert second.data["refresh_token"] != tokens["refresh_token"]
    assert second.data["access_token"] != tokens["access_token"]
    third = await refresh(b, second.data["refresh_token"])
    assert third.status == 200
    replay = await refresh(b, tokens["refresh_token"])  # an old one, presented again
    assert replay.status == 400 and replay.data == {"error": "invalid_grant"}
    assert (await refresh(b, third.data["refresh_token"])).status == 400
    sso = await b.get(
        "/NA1/Authentication/sso",
        headers={"Authorization": f"Bearer {third.data['access_token']}"},
    )
    assert sso.status == 401


async def test_families_are_independent(browser):
    b = browser()
    mine, other = await tokens_for(b), await tokens_for(browser(), "peter")
    await refresh(b, mine["refresh_token"])
    await refresh(b, mine["refresh_token"])  # reuse: revokes only anna's family
    assert (await refresh(b, other["refresh_token"])).status == 200


async def test_access_tokens_live_ten_minutes(clock, browser):
    b = browser()
    tokens = await tokens_for(b)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    clock.advance(minutes=9, seconds=59)
    assert (await b.get("/NA1/Authentication/sso", headers=headers)).status == 200
    clock.advance(seconds=2)
    assert (await b.get("/NA1/Authentication/sso", headers=headers)).status == 401
    assert (await refresh(b, tokens["refresh_token"])).status == 200
    assert (await b.get("/NA1/account/Account")).status == 401


async def test_revoke_ends_the_family(browser):
    b = browser()
    tokens = await tokens_for(b)
    answer = await b.request(
        "POST", "/Authentication/OAuth2/Revoke", form={"token": tokens["access_token"]}
    )
    assert answer.status == 200
    assert (await refresh(b, tokens["refresh_token"])).status == 400
    unknown = await b.request("POST", "/Authentication/OAuth2/Revoke", form={"token": "nope"})
    assert unknown.status == 200


async def test_sso_url_logs_in_once(browser):
    paired = browser()
    tokens = await tokens_for(paired)
    bot = browser()
    sso = await bot.get(
        "/NA1/Authentication/sso", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    url = sso.data
    assert isinstance(url, str) and "/swedish/production/mentor/?ssoToken=" in url
    first = await bot.get(url)
    assert first.status == 302 and first.headers["Location"] == "/"
    assert (await bot.home())["account"]["currentUser"]["id"] == "5001"
    assert not (await bot.post("/Communication/News/GetNewsList")).is_dead_session
    stranger = browser()
    second = await stranger.get(url)
    assert second.status == 302 and LOGIN_PATH in second.headers["Location"]


async def test_unsupported_grant_and_students_account(browser):
    b = browser()
    answer = await b.request(
        "POST", "/Authentication/OAuth2/Token", form={"grant_type": "password"}
    )
    assert answer.status == 400 and answer.data == {"error": "unsupported_grant_type"}
    tokens = await tokens_for(browser(), "nils")
    account = await b.get(
        "/NA1/account/Account", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert account.data["UserType"] == "Pupil"
    assert [p["UserRoleId"] for p in account.data["Pupils"]] == [NILS]
