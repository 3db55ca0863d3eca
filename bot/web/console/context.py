"""What every console request works with: the bot's services, settings, templates."""

from __future__ import annotations

from collections.abc import Callable
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
    from bot.services import Services


@dataclass
class ConsoleContext:
    # A provider, not the object: the web server can be built before `Services` is.
    services_of: Callable[[], Services]
    settings: ConsoleSettings
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.env = make_environment(self.settings.language)

    @property
    def services(self) -> Services:
        return self.services_of()

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def municipality(self) -> str:
        return self.services.profile.key

    @property
    def t(self) -> Translator:
        return translator(self.settings.language)

    def staff_hub(self) -> StaffHub:
        return StaffHub(self.services.hub.http)

    def secure(self, request: web.Request) -> bool:
        return session_cookie.is_secure(request, self.settings, self.services.settings.public_url)

    async def current_staff(self, request: web.Request) -> StaffSession | None:
        value = session_cookie.session_id(request)
        if not value:
            return None
        return await self.store.get_staff_session(
            value, idle=self.settings.session_idle, max_age=self.settings.session_max_age
        )


CONSOLE_KEY = web.AppKey("console", ConsoleContext)
