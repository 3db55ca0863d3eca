"""The Hub as the rest of the bot sees it: one client per linked account.

A linked chat's refresh token lives in the store; the client saves each
rotation back to the same link at once, so a crash never loses the only valid
token. Linking talks to the Hub through `HubLinks` (server-side password and
BankID logins that pair the bot as a device, account, revoke).
"""

from __future__ import annotations

from yarl import URL

from bot.hub.bankid_login import BankIdLogins
from bot.hub.client import AiohttpHub
from bot.hub.errors import LoginRequired
from bot.hub.interface import HubClient
from bot.hub.models import Account, TokenSet
from bot.linking import BankIdProgress, BankIdStart
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
    """The linking flow's view of the Hub client: logins run from the bot's server."""

    def __init__(self, hub: AiohttpHub, *, sandbox_phone: bool = False) -> None:
        self.hub = hub
        self.bankid = BankIdLogins(hub.http, hub.oauth, phone_page=sandbox_phone)

    async def login_with_password(self, login: str, password: str) -> TokenSet:
        return await self.hub.password_pairing(login, password)

    async def start_bankid(self) -> BankIdStart:
        order = await self.bankid.start()
        return BankIdStart(order.order, order.app_url, order.autostart_token)

    async def poll_bankid(self, order: str) -> BankIdProgress:
        polled = await self.bankid.poll(order)
        return BankIdProgress(polled.state, polled.tokens)

    async def cancel_bankid(self, order: str) -> None:
        await self.bankid.cancel(order)

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

    async def close(self) -> None:
        await self.bankid.close()
