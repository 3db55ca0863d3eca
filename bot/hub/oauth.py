"""The Hub's OAuth2 endpoints: the long-lived link between a chat and a Hub account.

A guardian logs in once (BankID or password) and the bot keeps a refresh token.
Each refresh rotates it, and presenting an old one revokes the whole family, so
the caller must store the new token before doing anything else with it; the
session calls `on_token_rotated` for exactly that.

A refresh whose answer is lost cannot be repaired: the Hub may have rotated the
token we never saw. It is reported as `HubUnavailable`; if the Hub did rotate,
the next refresh is a reuse and ends in `TokenRevoked` (link again).
"""

from __future__ import annotations

import contextlib
from typing import Any

from yarl import URL

from bot.hub.errors import CodeRejected, HubError, TokenRevoked
from bot.hub.models import TokenSet
from bot.hub.transport import Answer, HubHttp

DEFAULT_SCOPE = "IM2-API-NOTIFICATION"
AUTHORIZE_PATH = "/Authentication/Authentication/LoginOAuth2"
TOKEN_PATH = "/Authentication/OAuth2/Token"
REVOKE_PATH = "/Authentication/OAuth2/Revoke"


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

    async def exchange_code(self, code: str, redirect_uri: str) -> TokenSet:
        answer = await self._post(
            TOKEN_PATH,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": self.client_id,
            },
        )
        return self._tokens(answer, CodeRejected("the authorization code was refused"))

    async def refresh(self, refresh_token: str) -> TokenSet:
        answer = await self._post(
            TOKEN_PATH,
            {
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "scope": self.scope,
                "client_id": self.client_id,
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
