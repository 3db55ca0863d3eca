"""`python -m bot run`: the bot for real, until SIGTERM.

Telegram when `HUBBOT_TELEGRAM_TOKEN` is set (long polling, or a webhook on the
bot's own web server when `HUBBOT_TELEGRAM_WEBHOOK_URL` is set); SMS when
`HUBBOT_SMS_API_URL` is set (its webhooks on the bot's own web server), beside
Telegram or alone. With neither, the terminal chat as the demo guardian: a bot
that serves a real channel is a service, whose stdin is nobody's chat. Always:
the bot's web pages (linking, the staff console), later work (jobs) and the
push runtime. The first lines on stdout name the web pages (`console: …`,
`link: …`, and `sms: …` for the incoming-SMS webhook): checks and people read
them to find the port.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import secrets
import signal
import sys
from typing import TYPE_CHECKING, Any, TextIO

from yarl import URL

from bot.app import log_secrets
from bot.clock import clock_from_iso
from bot.push.delivery import ChannelSender
from bot.push.runtime import DEFAULT_LIMITS, start_push
from bot.settings import Settings
from bot.web.console import console_banner, install_console
from bot.web.server import RouteInstaller

if TYPE_CHECKING:
    from bot.app.sms import SmsParts
    from bot.app.wiring import App
    from bot.channels.telegram import TelegramChannel

log = logging.getLogger(__name__)

TERMINAL_CHANNEL = "terminal"
JOB_INTERVAL_S = 5.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bot run", description=__doc__)
    ap.add_argument("--now", default=None, help="start the clock at this ISO 8601 moment")
    return ap.parse_args(argv)


def webhook_path(webhook_url: str) -> str:
    """The path Telegram will post to, as the bot's own server sees it behind a proxy."""
    from bot.channels.telegram.webhook import DEFAULT_PATH

    path = URL(webhook_url).path
    return path if path not in ("", "/") else DEFAULT_PATH


async def run_terminal(app: App, stdin: TextIO, stdout: TextIO) -> None:
    """The terminal chat (as `chat` does) until end of input; the bot keeps running after."""
    from bot.app.chat import chat_as

    login = os.environ.get("HUBBOT_DEMO_LOGIN") or "anna"
    await chat_as(app, login, "demo", stdin, stdout)


def telegram_channel(app: App) -> TelegramChannel:
    from bot.app.telegram import telegram_channel as build

    return build(app)


async def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from bot.app.wiring import start_app

    settings = Settings()
    app = await start_app(settings, clock_from_iso(args.now), start_web=False)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stopping.set)
    channel: TelegramChannel | None = None
    sms: SmsParts | None = None
    background: list[asyncio.Task[Any]] = []
    push: Any = None
    try:
        installers: list[RouteInstaller] = []
        if settings.telegram_token:
            channel = telegram_channel(app)
            if settings.telegram_webhook_url:
                secret = settings.telegram_webhook_secret or secrets.token_urlsafe(32)
                installers.append(
                    channel.webhook_routes(webhook_path(settings.telegram_webhook_url), secret)
                )
        if settings.sms_api_url:
            from bot.app.sms import sms_channel

            sms = sms_channel(app)
            installers.append(sms.channel.routes())
        installers.append(install_console(app.console_ports))
        base = await app.start_web(installers)
        lines = [*console_banner(base, demo=app.sandbox is not None), f"link: {base}/link/"]
        if sms is not None:
            from bot.channels.sms import INCOMING_PATH

            lines.append(f"sms: {base}{INCOMING_PATH}")
        stdout.write("".join(f"{line}\n" for line in lines))
        stdout.flush()

        background.append(asyncio.create_task(app.jobs.run_forever(JOB_INTERVAL_S), name="jobs"))
        senders: dict[str, ChannelSender] = {}
        limits = dict(DEFAULT_LIMITS)
        if channel is not None:
            senders[channel.sender.channel] = channel.sender
        if sms is not None:
            from bot.app.sms import sms_limits

            senders[sms.sender.channel] = sms.sender
            limits[sms.sender.channel] = sms_limits(settings)
        push = await start_push(app.deps, senders=senders, limits=limits)
        if channel is not None:
            if settings.telegram_webhook_url:
                await channel.start_webhook(settings.telegram_webhook_url)
            else:
                await channel.start_polling()
        elif sms is None:
            background.append(
                asyncio.create_task(run_terminal(app, stdin, stdout), name="terminal")
            )
        await _until(stopping, background)
        return 0
    finally:
        app.jobs.stop()
        if channel is not None:
            with contextlib.suppress(Exception):
                await channel.stop()
        if push is not None:
            with contextlib.suppress(Exception):
                await push.stop()
        if sms is not None:
            with contextlib.suppress(Exception):
                await sms.close()
        for task in background:
            task.cancel()
        for task in background:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await app.close()


async def _until(stopping: asyncio.Event, background: list[asyncio.Task[Any]]) -> None:
    """Wait for a signal; a background task that dies is logged, the bot runs on."""
    waiter = asyncio.create_task(stopping.wait())
    watched: set[asyncio.Future[Any]] = {waiter, *background}
    while not stopping.is_set():
        done, watched = await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not waiter and not task.cancelled() and task.exception() is not None:
                log.error("background task failed: %r", task.exception())
    waiter.cancel()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # RetryAfter as a timedelta (PTB's coming default); the channel reads either form.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    settings = Settings()
    if settings.sms_api_url and not settings.sms_webhook_secret:
        # Random per start, and set before logging starts so the log masks it too.
        os.environ["HUBBOT_SMS_WEBHOOK_SECRET"] = secrets.token_urlsafe(32)
    log_secrets.install(Settings(), level=os.environ.get("HUBBOT_LOG_LEVEL", "WARNING"))
    try:
        return asyncio.run(run(args, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        return 130
