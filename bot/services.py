"""The composition root: every long-lived part of the bot, built once and injected.

Channels get a `Services` and call `conversation.handle`; tests build the same
object around a temporary data dir, a manual clock and a sandbox Hub on port 0,
so what is tested is what runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from yarl import URL

from bot.clock import Clock
from bot.conversation.types import ChatRef, Reply
from bot.hub.client import AiohttpHub
from bot.hub.endpoints import HubEndpoints
from bot.hub.errors import LoginRequired
from bot.hub.interface import HubClient
from bot.hub.models import Account, TokenSet
from bot.linking import LinkService
from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import ChatKey, ChatLink, MemberKey

if TYPE_CHECKING:
    from bot.conversation.engine import Conversation
    from bot.hub.sandbox.server import SandboxHub
    from bot.jobs import JobRunner
    from bot.municipality import MunicipalityProfile
    from bot.nlu import ParseResult
    from bot.push.shared import PushShared
    from bot.web.server import RouteInstaller, WebServer

log = logging.getLogger(__name__)

ParseFn = Callable[[str, datetime, Sequence[str]], "ParseResult"]
NOTICE_KIND = "notice"


class HubLinkerAdapter:
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


@dataclass
class Services:
    settings: Settings
    clock: Clock
    store: Store
    hub: AiohttpHub
    linking: LinkService
    profile: MunicipalityProfile
    parse: ParseFn
    web: WebServer | None = None
    sandbox: SandboxHub | None = None
    # The last children list seen per Hub account (first names, ids, modules only).
    known_children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Hub reads the push side shares between guardians of one child (bot/push/shared.py).
    push_shared: PushShared | None = None
    conversation: Conversation = field(init=False)
    jobs: JobRunner = field(init=False)

    @property
    def web_base_url(self) -> str:
        """Where people reach the bot's pages: the public URL, else the local server."""
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        if self.web is None:
            raise RuntimeError("the web server has not been started")
        return self.web.base_url

    async def start_web(self, extra: Sequence[RouteInstaller], *, port: int | None = None) -> str:
        """Serve the link pages plus `extra` routes; returns the local base URL."""
        from bot.web.link_pages import install_link_pages
        from bot.web.server import WebServer

        self.web = WebServer([install_link_pages(self.linking), *extra])
        return await self.web.start(
            self.settings.web_host, self.settings.web_port if port is None else port
        )

    async def taken_over(self, chat: ChatKey) -> bool:
        """Whether support staff have claimed this chat (the console sets this)."""
        return await self.store.get_claim(chat) is not None

    def member_of(self, chat: ChatRef, sender_id: str) -> MemberKey:
        return ChatKey.of(chat).member(sender_id if chat.is_group else None)

    async def hub_for(self, link: ChatLink) -> HubClient:
        """The account's one client; token rotations are saved to this link at once."""
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

    async def notify(self, member: MemberKey, text: str, *, key: str | None = None) -> None:
        """Say something to a chat outside a reply, durably, through the outbox."""
        idempotency = (
            key
            or f"{NOTICE_KIND}:{member.channel}:{member.chat_id}:{self.clock.now().isoformat()}:{hash(text)}"
        )
        await self.store.enqueue(
            idempotency,
            member.chat,
            {"kind": NOTICE_KIND, "member_id": member.member_id, "text": text},
        )

    async def drain_notices(self, member: MemberKey) -> list[Reply]:
        """The terminal's delivery: take what waits for this chat and show it now."""
        replies: list[Reply] = []
        while True:
            items = await self.store.claim_due(50, now=self.clock.now(), chat=member.chat)
            if not items:
                return replies
            for item in items:
                payload: dict[str, Any] = dict(item.payload)
                replies.append(Reply(str(payload.get("text", ""))))
                await self.store.mark_sent(item.id)

    async def tick(self) -> int:
        """Run the later work that is due now (the terminal calls this between messages)."""
        ran = 0
        while count := await self.jobs.run_due():
            ran += count
        return ran

    async def close(self) -> None:
        if self.web is not None:
            await self.web.stop()
        await self.hub.close()
        await self.store.close()
        if self.sandbox is not None:
            await self.sandbox.stop()


async def start_services(
    settings: Settings,
    clock: Clock,
    *,
    parse: ParseFn | None = None,
    profile: MunicipalityProfile | None = None,
    web_port: int | None = None,
    start_web: bool = True,
) -> Services:
    """Everything the bot needs, started. With `start_web=False` the caller adds routes
    that need the finished `Services` (console, webhook) through `Services.start_web`,
    because aiohttp freezes its routes once serving."""
    from bot.conversation.engine import Conversation
    from bot.handlers.registry import all_errands
    from bot.jobs import JobRunner
    from bot.municipality import load_profile
    from bot.storage import open_store

    settings.ensure_data_dir()
    sandbox = None
    if settings.hub_url is None:
        from bot.hub.sandbox.server import SandboxHub

        sandbox = SandboxHub(settings.sandbox_db_path, clock, seed=settings.sandbox_seed)
        hub_url = await sandbox.start()
        endpoints = HubEndpoints.single(hub_url)
    else:
        endpoints = HubEndpoints.single(settings.hub_url)
    store = await open_store(settings, clock)
    hub = AiohttpHub(endpoints, clock, client_id=settings.hub_client_id)
    if parse is None:
        from bot.nlu import parse as nlu_parse

        parse = nlu_parse
    holder: dict[str, Services] = {}

    async def notify(member: MemberKey, text: str) -> None:
        await holder["services"].notify(member, text)

    linking = LinkService(
        store, HubLinkerAdapter(hub), clock, lambda: services.web_base_url, notify
    )
    services = Services(
        settings=settings,
        clock=clock,
        store=store,
        hub=hub,
        linking=linking,
        profile=profile or load_profile(settings.municipality),
        parse=parse,
        sandbox=sandbox,
    )
    holder["services"] = services
    services.conversation = Conversation(services, all_errands())
    services.jobs = JobRunner(services)
    await store.requeue_running_jobs()
    if start_web:
        await services.start_web([], port=web_port)
    return services
