"""Builds every long-lived part of the bot once and wires them together.

The terminal chat, `python -m bot run` and the tests all start the same `App`
(tests around a temporary data dir, a manual clock and a sandbox Hub on port
0), so what is tested is what runs. Each part gets only the ports it needs
(`bot.conversation.deps.Deps`); only this module knows the concrete classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.app.errands import ERRANDS, JOB_HANDLERS
from bot.app.hub_accounts import HubAccounts, HubLinks
from bot.clock import Clock
from bot.conversation.deps import Deps, ParseFn
from bot.conversation.engine import Conversation, member_of
from bot.conversation.errand import Errand, Errands
from bot.conversation.shared import Shared
from bot.conversation.types import ChatRef, Reply
from bot.hub.client import AiohttpHub
from bot.hub.endpoints import HubEndpoints
from bot.hub.interface import HubClient
from bot.jobs import JobRunner
from bot.jobs.retention import schedule_retention
from bot.linking import LinkService
from bot.municipality import MunicipalityProfile, load_profile
from bot.push.notices import Notices
from bot.push.shared_slots import RedisSlots
from bot.settings import Settings
from bot.storage import open_store
from bot.storage.base import Store
from bot.storage.models import ChatKey, ChatLink, MemberKey

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxHub
    from bot.web.console.context import ConsolePorts
    from bot.web.server import RouteInstaller, WebServer


@dataclass
class App:
    settings: Settings
    clock: Clock
    store: Store
    hub: AiohttpHub
    hubs: HubAccounts
    linking: LinkService
    notices: Notices
    deps: Deps
    conversation: Conversation
    jobs: JobRunner
    sandbox: SandboxHub | None = None
    # The send budget shared by every worker (Redis), None for a worker on its own.
    send_slots: RedisSlots | None = None
    web: WebServer | None = field(default=None, init=False)

    @property
    def profile(self) -> MunicipalityProfile:
        return self.deps.profile

    @property
    def parse(self) -> ParseFn:
        return self.deps.parse

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

    @property
    def console_ports(self) -> ConsolePorts:
        from bot.web.console.context import ConsolePorts

        return ConsolePorts(deps=self.deps, hub_http=self.hub.http, demo=self.sandbox is not None)

    def member_of(self, chat: ChatRef, sender_id: str) -> MemberKey:
        return member_of(chat, sender_id)

    async def taken_over(self, chat: ChatKey) -> bool:
        return await self.conversation.taken_over(chat)

    async def hub_for(self, link: ChatLink) -> HubClient:
        return await self.hubs.hub_for(link)

    async def notify(self, member: MemberKey, text: str, *, key: str | None = None) -> None:
        await self.notices(member, text, key=key)

    async def drain_notices(self, member: MemberKey) -> list[Reply]:
        return await self.notices.drain(member)

    async def tick(self) -> int:
        """Run the later work that is due now (the terminal calls this between messages)."""
        return await self.jobs.tick()

    async def close(self) -> None:
        if self.web is not None:
            await self.web.stop()
        await self.linking.hub.close()
        await self.hub.close()
        await self.store.close()
        if self.send_slots is not None:
            await self.send_slots.close()
        if self.sandbox is not None:
            await self.sandbox.stop()


async def _hub_endpoints(
    settings: Settings, clock: Clock
) -> tuple[HubEndpoints, SandboxHub | None]:
    """The configured Hub, or the embedded sandbox Hub started for this bot."""
    if settings.hub_url is not None:
        return HubEndpoints.single(settings.hub_url), None
    from bot.sandbox.server import SandboxHub

    sandbox = SandboxHub(settings.sandbox_db_path, clock, seed=settings.sandbox_seed)
    return HubEndpoints.single(await sandbox.start()), sandbox


async def start_app(
    settings: Settings,
    clock: Clock,
    *,
    parse: ParseFn | None = None,
    profile: MunicipalityProfile | None = None,
    errands: Sequence[Errand] = ERRANDS,
    web_port: int | None = None,
    start_web: bool = True,
) -> App:
    """Everything the bot needs, started. With `start_web=False` the caller adds routes
    that need the finished `App` (console, webhook) through `App.start_web`,
    because aiohttp freezes its routes once serving."""
    if parse is None:
        from bot.nlu import parse as nlu_parse

        parse = nlu_parse
    settings.ensure_data_dir()
    endpoints, sandbox = await _hub_endpoints(settings, clock)
    store = await open_store(settings, clock)
    hub = AiohttpHub(endpoints, clock, client_id=settings.hub_client_id)
    profile = profile or load_profile(settings.municipality)
    shared = Shared(clock)
    notices = Notices(store, clock, shared)
    hubs = HubAccounts(hub, store, profile)
    holder: list[App] = []
    hub_links = HubLinks(hub, sandbox_phone=sandbox is not None)
    linking = LinkService(store, hub_links, clock, lambda: holder[0].web_base_url, notices)
    deps = Deps(
        settings=settings,
        clock=clock,
        store=store,
        hubs=hubs,
        parse=parse,
        notify=notices,
        links=linking,
        profile=profile,
        errands=Errands(errands),
        shared=shared,
    )
    app = App(
        settings=settings,
        clock=clock,
        store=store,
        hub=hub,
        hubs=hubs,
        linking=linking,
        notices=notices,
        deps=deps,
        conversation=Conversation(deps),
        jobs=JobRunner(deps, JOB_HANDLERS),
        sandbox=sandbox,
        send_slots=RedisSlots.from_url(settings.redis_url) if settings.redis_url else None,
    )
    holder.append(app)
    await store.requeue_running_jobs()
    await schedule_retention(deps)
    if start_web:
        await app.start_web([], port=web_port)
    return app
