"""OAuth2 codes, rotating refresh tokens, family revocation, SSO URLs and NA1."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.sandbox.demo import ELSA, NILS
from bot.sandbox.web import LOGIN_PATH

HUBBOT_REDIRECT = "http://127.0.0.1:8765/oauth/callback"
APP_REDIRECT = "InfomentorNotification://oauth2Callback"


def authorize_path(client_id: str = "hubbot", redirect_uri: str = HUBBOT_REDIRECT) -> str:
    return (
        "/Authentication/Authentication/LoginOAuth2?"
        f"client_id={client_id}&redirect_uri={redirect_uri}&response_type=code"
        "&scope=IM2-API-NOTIFICATION&state=xyz"
    )


async def get_code(b, client_id: str = "hubbot", redirect_uri: str = HUBBOT_REDIRECT) -> str:
    answer = await b.get(authorize_path(client_id, redirect_uri))
    assert answer.status == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(redirect_uri + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


async def exchange(b, code: str, redirect_uri: str = HUBBOT_REDIRECT, client_id: str = "hubbot"):
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
    }
    return await b.request("POST", "/Authentication/OAuth2/Token", form=form)


async def refresh(b, token: str, client_id: str = "hubbot"):
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
    assert set(data) == {"apiUrl", "authenticationUrl", "tokenUrl", "clientId"}
    assert data["clientId"] == "notificationapp"
    assert data["tokenUrl"] == f"{b.base_url}/Authentication/OAuth2/Token"
    assert data["authenticationUrl"].endswith("/Authentication/Authentication/LoginOAuth2")


async def test_authorize_without_a_session_goes_through_the_login(browser):
    b = browser()
    first = await b.get(authorize_path())
    assert first.status == 302
    location = first.headers["Location"]
    assert location.startswith(f"{LOGIN_PATH}?apitype=im1&ReturnUrl=")
    return_url = parse_qs(urlsplit(location).query)["ReturnUrl"][0]
    assert return_url == authorize_path()
    login = await b.login("anna", return_url=return_url)
    assert login.headers["Location"] == authorize_path()
    assert await get_code(b)


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


async def test_redirects_are_checked_per_client(browser):
    b = browser()
    await b.login("anna")
    assert await get_code(b, "notificationapp", APP_REDIRECT)
    assert await get_code(b, "hubbot", "http://localhost:9999/cb")
    assert await get_code(b, "hubbot", "https://bot.example/oauth/callback")
    for client_id, redirect_uri in (
        ("notificationapp", HUBBOT_REDIRECT),
        ("hubbot", "https://evil.example/cb"),
        ("hubbot", "http://10.0.0.1:80/cb"),
        ("someone", HUBBOT_REDIRECT),
    ):
        answer = await b.get(authorize_path(client_id, redirect_uri))
        assert answer.status == 400, (client_id, redirect_uri)


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
    assert (await exchange(b, await get_code(b), client_id="notificationapp")).status == 400
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
