"""The staff console: the support desk's view of conversations, and school staff's news.

Served by the bot's own aiohttp server under `/console/`. Staff sign in with
their Hub accounts; see `install.py` for the routes and the permission each
needs, `config.py` for the settings (`HUBBOT_CONSOLE_*`).
"""

from bot.web.console.config import DEMO_STAFF, ConsoleSettings
from bot.web.console.install import CONSOLE_PATH, ROUTES, console_banner, install_console

__all__ = [
    "CONSOLE_PATH",
    "DEMO_STAFF",
    "ROUTES",
    "ConsoleSettings",
    "console_banner",
    "install_console",
]
