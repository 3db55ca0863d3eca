"""`python -m bot chat`: the bot in a terminal, as a sandbox Hub user.

Before the first message the chat links itself through the same pages a
guardian's browser goes through. Each input line is one message; each reply
line starts with `bot: `, and buttons are numbered so a typed number or the
button's words answer them.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from bot.channels.browser_login import LinkFailed, LoginRefused, link_with_password
from bot.clock import clock_from_iso
from bot.conversation.types import ChatRef, Incoming, Reply
from bot.settings import Settings
from bot.storage.models import MemberKey

if TYPE_CHECKING:
    from bot.services import Services

CHANNEL = "terminal"


def render(replies: Sequence[Reply], out: TextIO) -> None:
    for reply in replies:
        for line in reply.text.splitlines() or [""]:
            out.write(f"bot: {line}\n")
        number = 0
        for choice in reply.choices:
            if choice.url:
                out.write(f"bot: {choice.label}: {choice.url}\n")
            else:
                number += 1
                out.write(f"bot: [{number}] {choice.label}\n")
    out.flush()


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bot chat", description=__doc__)
    ap.add_argument("--login", required=True, help="sandbox Hub user, e.g. anna")
    ap.add_argument("--password", default="demo")
    ap.add_argument("--now", default=None, help="start the clock at this ISO 8601 moment")
    return ap.parse_args(argv)


def stdin_lines(loop: asyncio.AbstractEventLoop, stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines from stdin on a daemon thread: a blocked read never holds up shutdown."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        while True:
            line = stdin.readline()
            loop.call_soon_threadsafe(queue.put_nowait, line or None)
            if not line:
                return

    threading.Thread(target=read, name="stdin", daemon=True).start()
    return queue


async def ensure_linked(services: Services, member: MemberKey, login: str, password: str) -> str:
    """Link through the real pages and Hub login; an error text, or "" when linked."""
    if await services.store.get_link(member) is not None:
        return ""
    try:
        await link_with_password(await services.linking.start(member), login, password)
    except LoginRefused:
        return f"Inloggningen misslyckades: fel användarnamn eller lösenord för {login!r}."
    except LinkFailed as exc:
        return f"Kopplingen till Hub misslyckades: {exc}"
    if await services.store.get_link(member) is None:
        return "Kopplingen till Hub misslyckades."
    return ""


async def converse(
    services: Services, login: str, password: str, stdin: TextIO, stdout: TextIO
) -> int:
    """Link, then one message per input line until end of input."""
    chat = ChatRef(CHANNEL, login)
    member = services.member_of(chat, login)
    error = await ensure_linked(services, member, login, password)
    if error:
        print(error, file=sys.stderr)
        return 1
    render(await services.drain_notices(member), stdout)
    interactive = stdin.isatty()
    lines = stdin_lines(asyncio.get_running_loop(), stdin)
    while True:
        if interactive:
            stdout.write("du: ")
            stdout.flush()
        line = await lines.get()
        if line is None:
            return 0
        text = line.rstrip("\n")
        if not text.strip():
            continue
        incoming = Incoming(chat=chat, sender_id=login, at=services.clock.now(), text=text)
        render(await services.conversation.handle(incoming), stdout)
        await services.tick()
        render(await services.drain_notices(member), stdout)


async def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from bot.services import start_services

    services = await start_services(Settings(), clock_from_iso(args.now))
    try:
        return await converse(services, args.login, args.password, stdin, stdout)
    finally:
        await services.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        return asyncio.run(run(args, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        return 130
