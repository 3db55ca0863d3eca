"""`python -m bot chat`: the bot in a terminal, as a sandbox Hub user.

Before the first message the chat links itself through the same pages a
guardian's browser goes through (`browser_login`), then the terminal channel
takes over.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import TextIO

from bot.app import log_secrets
from bot.app.browser_login import LinkFailed, LoginRefused, link_with_password
from bot.app.wiring import App, start_app
from bot.channels.terminal import TerminalPort, converse, terminal_chat
from bot.clock import clock_from_iso
from bot.settings import Settings
from bot.storage.models import MemberKey


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bot chat", description=__doc__)
    ap.add_argument("--login", required=True, help="sandbox Hub user, e.g. anna")
    ap.add_argument("--password", default="demo")
    ap.add_argument("--now", default=None, help="start the clock at this ISO 8601 moment")
    return ap.parse_args(argv)


async def ensure_linked(app: App, member: MemberKey, login: str, password: str) -> str:
    """Link through the real pages and Hub login; an error text, or "" when linked."""
    if await app.store.get_link(member) is not None:
        return ""
    try:
        code = await link_with_password(await app.linking.start(member), login, password)
    except LoginRefused:
        return f"Inloggningen misslyckades: fel användarnamn eller lösenord för {login!r}."
    except LinkFailed as exc:
        return f"Kopplingen till Hub misslyckades: {exc}"
    # The terminal sends the page's one-time code itself, as a guardian would in her chat.
    redeemed = await app.linking.redeem(code, member)
    if not redeemed.ok or await app.store.get_link(member) is None:
        return "Kopplingen till Hub misslyckades."
    return ""


def terminal_port(app: App) -> TerminalPort:
    return TerminalPort(
        handle=app.conversation.handle,
        drain=app.drain_notices,
        tick=app.tick,
        clock=app.clock,
        wake=app.deps.shared.on_queued.append,
    )


async def chat_as(app: App, login: str, password: str, stdin: TextIO, stdout: TextIO) -> int:
    """Link the terminal chat as `login`, then talk until end of input."""
    member = app.member_of(terminal_chat(login), login)
    error = await ensure_linked(app, member, login, password)
    if error:
        print(error, file=sys.stderr)
        return 1
    return await converse(terminal_port(app), login, stdin, stdout)


async def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    app = await start_app(Settings(), clock_from_iso(args.now))
    try:
        return await chat_as(app, args.login, args.password, stdin, stdout)
    finally:
        await app.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    log_secrets.install(Settings(), level=os.environ.get("HUBBOT_LOG_LEVEL", "WARNING"))
    try:
        return asyncio.run(run(args, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        return 130
