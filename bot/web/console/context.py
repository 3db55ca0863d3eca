"""What every console request works with: the bot's ports, the console's settings, templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web
from jinja2 import Environment

from bot.i18n import Translator, translator
from bot.storage.base import Store
from bot.storage.models import StaffSession
from bot.web.console import session_cookie
from bot.web.console.config import ConsoleSettings
from bot.web.console.hub_staff import StaffHub
from bot.web.console.render import make_environment

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.conversation.deps import Deps
    from bot.hub.transport import HubHttp


@dataclass(frozen=True, slots=True)
class ConsolePorts:
    """What the console needs of the running bot."""

    deps: Deps
    # Staff sign in with their Hub login, over the bot's Hub connection pool.
    hub_http: HubHttp
    # The embedded sandbox Hub runs: the sign-in page shows the demo staff logins.
    demo: bool


@dataclass
class ConsoleContext:
    ports: ConsolePorts
    settings: ConsoleSettings
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.env = make_environment(self.settings.language)

    @property
    def deps(self) -> Deps:
        return self.ports.deps

    @property
    def store(self) -> Store:
        return self.deps.store

    @property
    def clock(self) -> Clock:
        return self.deps.clock

    @property
    def municipality(self) -> str:
        return self.deps.profile.key

    @property
    def t(self) -> Translator:
        return translator(self.settings.language)

    def staff_hub(self) -> StaffHub:
        return StaffHub(self.ports.hub_http)

    def secure(self, request: web.Request) -> bool:
        return session_cookie.is_secure(request, self.settings, self.deps.settings.public_url)

    async def current_staff(
        self, request: web.Request, *, touch: bool = True
    ) -> StaffSession | None:
        """The signed-in staff member; `touch=False` for the page's own polling."""
        value = session_cookie.session_id(request)
        if not value:
            return None
        return await self.store.get_staff_session(
            value,
            idle=self.settings.session_idle,
            max_age=self.settings.session_max_age,
            touch=touch,
        )


CONSOLE_KEY = web.AppKey("console", ConsoleContext)
