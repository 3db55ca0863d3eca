"""One aiohttp server for the bot's pages, started beside whatever channel runs."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

RouteInstaller = Callable[[web.Application], None]


class WebServer:
    def __init__(self, installers: list[RouteInstaller]) -> None:
        self.app = web.Application(client_max_size=2 * 1024 * 1024)
        for install in installers:
            install(self.app)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        bound_port = sockets[0].getsockname()[1] if sockets else port
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
