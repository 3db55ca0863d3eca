"""The Hub's OAuth2 endpoints: the long-lived link between a chat and a Hub account.

A guardian logs in once (BankID or password) and the bot keeps a refresh token.
Each refresh rotates it, and presenting an old one revokes the whole family, so
the caller must store the new token before doing anything else with it; the
session calls `on_token_rotated` for exactly that.

A refresh whose answer is lost cannot be repaired: the Hub may have rotated the
token we never saw. It is reported as `HubUnavailable`; if the Hub did rotate,
the next refresh is a reuse and ends in `TokenRevoked` (link again).

The Hub knows one client, the mobile app's (`notificationapp`, secret `NONE`,
redirect `InfomentorNotification://oauth2Callback`), and hands out a code only
through pairing (heinrisch/infomentor-rev auth.py, daxro/deformentor-cli,
MacL3an/infomentor-mcp): in a logged-in web session, `GetAuthenticationData`
gives an `authenticationUrl` with an `authGuid` and `{DeviceIdentifier}`-style
placeholders; the bot fills them in as a device would, asks for a code and
reads it from the custom-scheme redirect without following it. PKCE (S256) is
sent with every code request (designed here: no public client shows whether
the real Hub checks it; a Hub that ignores it loses nothing).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import aiohttp
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from yarl import URL

from bot.hub.answers import HtmlInsteadOfJson, SessionDead, read_json
from bot.hub.errors import CodeRejected, HubError, LoginRequired, TokenRevoked
from bot.hub.models import TokenSet
from bot.hub.transport import Answer, HubHttp

DEFAULT_SCOPE = "IM2-API-NOTIFICATION"
APP_CLIENT_ID = "notificationapp"
APP_CLIENT_SECRET = "NONE"
APP_REDIRECT = "InfomentorNotification://oauth2Callback"
AUTHORIZE_PATH = "/Authentication/Authentication/LoginOAuth2"
TOKEN_PATH = "/Authentication/OAuth2/Token"
REVOKE_PATH = "/Authentication/OAuth2/Revoke"
PAIR_PATH = "/account/pair/GetAuthenticationData"
DEVICE_NAME = "Hubbot"
DEVICE_PLATFORM = "Android"  # what heinrisch/infomentor-rev sends


class PairingData(BaseModel):
    """`GetAuthenticationData`: the fields public clients read (trust boundary)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    authentication_url: str = Field(alias="authenticationUrl")
    token_url: str | None = Field(default=None, alias="tokenUrl")
    api_url: str | None = Field(default=None, alias="apiUrl")
    client_id: str | None = Field(default=None, alias="clientId")
    expiration_time: str | None = Field(default=None, alias="expirationTime")
    revoke_refresh_token_url: str | None = Field(default=None, alias="revokeRefreshTokenUrl")


@dataclass(frozen=True, slots=True)
class Pkce:
    """RFC 7636: the verifier stays with us, the Hub sees its S256 hash."""

    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


def fill_placeholders(template: str, values: dict[str, str]) -> URL:
    """`...&DeviceIdentifier={DeviceIdentifier}` with our values, each URL-encoded."""
    url = URL(template.strip())
    query = {}
    for key, value in url.query.items():
        if value.startswith("{") and value.endswith("}"):
            value = values.get(value[1:-1], values.get(key, ""))
        query[key] = value
    return url.with_query(query)


class OAuthClient:
    def __init__(self, http: HubHttp, client_id: str, scope: str = DEFAULT_SCOPE) -> None:
        self._http = http
        self.client_id = client_id
        self.scope = scope

    def authorize_url(self, redirect_uri: str, state: str) -> URL:
        """Where a browser (or the password helper) asks the Hub for a code."""
        return (self._http.endpoints.auth / AUTHORIZE_PATH.lstrip("/")).with_query(
            client_id=self.client_id,
            redirect_uri=redirect_uri,
            response_type="code",
            scope=self.scope,
            state=state,
        )

    async def exchange_code(
        self, code: str, redirect_uri: str, *, code_verifier: str | None = None
    ) -> TokenSet:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": self.client_id,
            "client_secret": APP_CLIENT_SECRET,
        }
        if code_verifier is not None:
            form["code_verifier"] = code_verifier
        answer = await self._post(TOKEN_PATH, form)
        return self._tokens(answer, CodeRejected("the authorization code was refused"))

    async def pair(self, web: aiohttp.ClientSession, device_id: str | None = None) -> TokenSet:
        """Pair this bot as a device of the account logged in on `web`: its tokens."""
        pairing = await self._pairing_data(web)
        pkce = Pkce.new()
        device = device_id or f"hubbot-{uuid.uuid4()}"
        url = fill_placeholders(
            pairing.authentication_url,
            {
                "DeviceIdentifier": device,
                "DeviceFriendlyName": DEVICE_NAME,
                "DevicePlatform": DEVICE_PLATFORM,
                "DeviceType": DEVICE_PLATFORM,
            },
        )
        if not self._http.endpoints.allows(url):
            raise HubError("the pairing URL is not on the Hub")
        url = url.update_query(
            scope=self.scope,
            redirect_uri=APP_REDIRECT,
            client_id=self.client_id,
            response_type="code",
            isSandBox="false",
            code_challenge=pkce.challenge,
            code_challenge_method="S256",
        )
        # The authGuid is the login here; the redirect goes to the app's scheme: read, not followed.
        answer = await self._http.send(
            self._http.bare, "GET", url, xhr=False, operation=AUTHORIZE_PATH
        )
        code = code_from_redirect(answer.headers.get("Location", "") if answer.is_redirect else "")
        return await self.exchange_code(code, APP_REDIRECT, code_verifier=pkce.verifier)

    async def _pairing_data(self, web: aiohttp.ClientSession) -> PairingData:
        url = self._http.endpoints.hub / PAIR_PATH.lstrip("/")
        answer = await self._http.send(web, "POST", url, json_body={}, operation=PAIR_PATH)
        try:
            return PairingData.model_validate(read_json(answer))
        except (SessionDead, HtmlInsteadOfJson):
            raise LoginRequired("pairing needs a logged-in web session") from None
        except ValidationError:
            raise HubError("the pairing data had no authenticationUrl") from None

    async def refresh(self, refresh_token: str) -> TokenSet:
        answer = await self._post(
            TOKEN_PATH,
            {
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "scope": self.scope,
                "client_id": self.client_id,
                "client_secret": APP_CLIENT_SECRET,
            },
        )
        return self._tokens(answer, TokenRevoked("the refresh token was refused"))

    async def revoke(self, token: str) -> None:
        """Unlink: the Hub forgets the whole token family (RFC 7009)."""
        answer = await self._post(REVOKE_PATH, {"token": token, "client_id": self.client_id})
        if answer.status >= 400:
            raise HubError(f"revoke answered {answer.status}")

    async def _post(self, path: str, form: dict[str, Any]) -> Answer:
        url = self._http.endpoints.auth / path.lstrip("/")
        return await self._http.send(
            self._http.bare, "POST", url, form=form, xhr=False, operation=path
        )

    def _tokens(self, answer: Answer, refused: HubError) -> TokenSet:
        data: Any = None
        with contextlib.suppress(ValueError):
            data = answer.json()
        if answer.status in (400, 401):
            error = data.get("error") if isinstance(data, dict) else None
            if error == "invalid_grant":
                raise refused
            raise HubError(f"token endpoint refused: {error or answer.status}")
        if answer.status != 200 or not isinstance(data, dict):
            raise HubError(f"token endpoint answered {answer.status}")
        return TokenSet.model_validate(data).with_issue_time(self._http.clock.now())


def code_from_redirect(location: str) -> str:
    """The code in `InfomentorNotification://oauth2Callback?code=...`; anything else refuses."""
    if not location.lower().startswith(APP_REDIRECT.lower()):
        raise LoginRequired("the Hub did not answer the pairing with the app's redirect")
    rest = location[len(APP_REDIRECT) :]
    if rest and rest[0] not in "?#&":
        raise LoginRequired("the Hub did not answer the pairing with the app's redirect")
    query = URL("x:/?" + rest[1:]).query if rest else URL("x:/").query
    if "error" in query:
        raise LoginRequired(f"the Hub refused the pairing: {query['error']}")
    code = query.get("code")
    if not code:
        raise LoginRequired("the pairing gave no code")
    return code
