"""The Hub as the rest of the bot sees it: one client per linked account.

A linked chat's refresh token lives in the store; the client saves each
rotation back to the same link at once, so a crash never loses the only valid
token. Linking talks to the Hub through `HubLinks` (authorize, exchange,
account, revoke).
"""

from __future__ import annotations

from yarl import URL

from bot.hub.client import AiohttpHub
from bot.hub.errors import LoginRequired
from bot.hub.interface import HubClient
from bot.hub.models import Account, TokenSet
from bot.municipality import MunicipalityProfile
from bot.storage.base import Store
from bot.storage.models import ChatLink

SANDBOX_BANKID_PATH = "/sso/bankid"


class HubAccounts:
    """`HubAccess` over the shared aiohttp Hub and the store's encrypted tokens."""

    def __init__(self, hub: AiohttpHub, store: Store, profile: MunicipalityProfile) -> None:
        self.hub = hub
        self.store = store
        self.profile = profile

    async def hub_for(self, link: ChatLink) -> HubClient:
        stored = await self.store.get_refresh_token(link.id)
        if stored is None:
            raise LoginRequired("no refresh token for this link")
        generation = stored.generation

        async def save(new_token: str) -> None:
            nonlocal generation
            saved = await self.store.rotate_refresh_token(
                link.id, new_token, expected_generation=generation
            )
            if saved is None:
                saved = await self.store.store_refresh_token(link.id, new_token)
            generation = saved.generation

        return self.hub.client(link.hub_account_id, stored.token, save)

    async def forget(self, hub_account_id: str) -> None:
        await self.hub.forget(hub_account_id)

    async def release(self, hub_account_id: str) -> None:
        await self.hub.release(hub_account_id)

    def bankid_box_url(self, box_path: str) -> str | None:
        """A stand-in Hub has its own BankID page; the real Hub's is in the profile."""
        hub = self.hub.endpoints.hub
        if URL(self.profile.hub_url).origin() == hub.origin():
            return None
        return str(hub.join(URL(SANDBOX_BANKID_PATH)).with_query(ReturnUrl=box_path))


class HubLinks:
    """The linking flow's view of the Hub client."""

    def __init__(self, hub: AiohttpHub) -> None:
        self.hub = hub

    def authorize_url(self, redirect_uri: str, state: str) -> URL:
        return self.hub.oauth.authorize_url(redirect_uri, state)

    async def exchange_code(self, code: str, redirect_uri: str) -> TokenSet:
        return await self.hub.oauth.exchange_code(code, redirect_uri)

    async def account_for(self, access_token: str) -> Account:
        http = self.hub.http
        answer = await http.send(
            http.bare,
            "GET",
            http.endpoints.api / "NA1/account/Account",
            headers={"Authorization": f"Bearer {access_token}"},
            xhr=False,
        )
        if answer.status != 200:
            raise LoginRequired("the Hub did not accept the new access token")
        return Account.model_validate(answer.json())

    async def revoke(self, refresh_token: str) -> None:
        await self.hub.oauth.revoke(refresh_token)
