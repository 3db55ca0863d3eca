"""The console's routes in one table, and how they join the bot's web server.

The table is the single place that says which permission each route needs;
`guarded` enforces it, and the tests walk the same table, so a route added
without a rule cannot slip through unnoticed.
"""

from __future__ import annotations

from importlib import resources

from aiohttp import web

from bot.storage.models import StaffSession
from bot.web.console import pages_audit, pages_auth, pages_news, pages_support
from bot.web.console.access import Permission
from bot.web.console.config import DEMO_STAFF, ConsoleSettings
from bot.web.console.context import CONSOLE_KEY, ConsoleContext, ConsolePorts
from bot.web.console.guard import Route, guarded
from bot.web.console.render import secure_headers
from bot.web.server import RouteInstaller

CONSOLE_PATH = "/console/"
STATIC = {"console.css": "text/css", "console.js": "text/javascript"}
_CHAT = "/console/chats/{channel}/{chat_id}"


async def static_file(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in STATIC:
        return secure_headers(web.Response(status=404, text="Not found"))
    body = resources.files("bot.web.console").joinpath("static", name).read_bytes()
    response = web.Response(body=body, content_type=STATIC[name], charset="utf-8")
    secure_headers(response)
    response.headers["Cache-Control"] = "no-cache"
    return response


ROUTES: tuple[Route, ...] = (
    Route("GET", "/console", Permission.SIGNED_IN, pages_auth.home),
    Route("GET", "/console/", Permission.SIGNED_IN, pages_auth.home),
    Route("GET", "/console/login", Permission.PUBLIC, pages_auth.login_form),
    Route("POST", "/console/login", Permission.PUBLIC, pages_auth.login),
    Route("POST", "/console/logout", Permission.SIGNED_IN, pages_auth.logout),
    Route(
        "GET", "/console/conversations", Permission.READ_CONVERSATIONS, pages_support.conversations
    ),
    Route(
        "GET",
        "/console/conversations/rows",
        Permission.READ_CONVERSATIONS,
        pages_support.conversation_rows_fragment,
        fragment=True,
    ),
    Route("GET", _CHAT, Permission.READ_CONVERSATIONS, pages_support.conversation),
    Route(
        "GET",
        _CHAT + "/lines",
        Permission.READ_CONVERSATIONS,
        pages_support.conversation_lines,
        fragment=True,
    ),
    Route("POST", _CHAT + "/claim", Permission.TAKE_OVER, pages_support.claim),
    Route("POST", _CHAT + "/reply", Permission.TAKE_OVER, pages_support.reply),
    Route("POST", _CHAT + "/hand-back", Permission.TAKE_OVER, pages_support.hand_back),
    Route("GET", "/console/news", Permission.PUBLISH_NEWS, pages_news.news_form),
    Route("POST", "/console/news", Permission.PUBLISH_NEWS, pages_news.publish),
    Route("POST", "/console/news/preview", Permission.PUBLISH_NEWS, pages_news.news_preview),
    Route("GET", "/console/audit", Permission.READ_AUDIT, pages_audit.audit_log),
    Route("GET", "/console/static/{name}", Permission.PUBLIC, static_file),
)


def install_console(
    ports: ConsolePorts, settings: ConsoleSettings | None = None
) -> RouteInstaller:
    """Routes for `WebServer([...])`."""

    def install(app: web.Application) -> None:
        console = ConsoleContext(ports, settings or ConsoleSettings())
        app[CONSOLE_KEY] = console
        for route in ROUTES:
            app.router.add_route(route.method, route.path, guarded(route))

    return install


def console_banner(base_url: str, *, demo: bool) -> list[str]:
    """What `python -m bot run` prints about the console (cli-contract: `console: URL`)."""
    lines = [f"console: {base_url.rstrip('/')}{CONSOLE_PATH}"]
    if demo:
        logins = ", ".join(
            f"{login}/{password} ({about})" for login, password, about in DEMO_STAFF
        )
        lines.append(f"console demo staff logins: {logins}")
    return lines
