"""Telegram's webhook on the bot's own aiohttp server.

PTB's built-in webhook server needs tornado; ours already runs aiohttp for the
link pages, so the update is taken there: the secret-token header is checked,
the update goes on the application's queue and Telegram gets its 200 at once
(a slow Hub answer must never make Telegram resend the update).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.web.server import RouteInstaller

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram/webhook"


async def _update_of(
    request: web.Request, application: Application[Any, Any, Any, Any, Any, Any]
) -> Update | None:
    """The update the body holds, or None for anything that is not an update object."""
    try:
        data = json.loads(await request.read())
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, application.bot)
    except Exception as exc:  # PTB's parsing of a malformed update; never its traceback
        log.info("webhook body refused: %s", type(exc).__name__)
        return None


def install_webhook(
    application: Application[Any, Any, Any, Any, Any, Any], path: str, secret: str
) -> RouteInstaller:
    if not secret:
        raise ValueError("a webhook needs a secret token")

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
            log.warning("webhook call with a wrong secret refused")
            return web.Response(status=403, text="forbidden")
        update = await _update_of(request, application)
        if update is None:
            return web.Response(status=400, text="not an update")
        application.update_queue.put_nowait(update)
        return web.Response(status=200)

    def install(app: web.Application) -> None:
        app.router.add_post(path, receive)

    return install
