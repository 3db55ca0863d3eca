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
from collections.abc import Sequence
from typing import TextIO

from bot.channels.browser_login import LinkFailed, LoginRefused, link_with_password
from bot.clock import clock_from_iso
from bot.conversation.types import ChatRef, Incoming, Reply
from bot.settings import Settings

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


async def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from bot.services import start_services

    settings = Settings()
    clock = clock_from_iso(args.now)
    services = await start_services(settings, clock)
    try:
        chat = ChatRef(CHANNEL, args.login)
        member = services.member_of(chat, args.login)
        if await services.store.get_link(member) is None:
            url = await services.linking.start(member)
            try:
                await link_with_password(url, args.login, args.password)
            except LoginRefused:
                print(
                    f"Inloggningen misslyckades: fel användarnamn eller lösenord för {args.login!r}.",
                    file=sys.stderr,
                )
                return 1
            except LinkFailed as exc:
                print(f"Kopplingen till Hub misslyckades: {exc}", file=sys.stderr)
                return 1
            if await services.store.get_link(member) is None:
                print("Kopplingen till Hub misslyckades.", file=sys.stderr)
                return 1
        render(await services.drain_notices(member), stdout)
        interactive = stdin.isatty()
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                stdout.write("du: ")
                stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            text = line.rstrip("\n")
            if not text.strip():
                continue
            incoming = Incoming(chat=chat, sender_id=args.login, at=clock.now(), text=text)
            replies = await services.conversation.handle(incoming)
            render(replies, stdout)
            await services.tick()
            render(await services.drain_notices(member), stdout)
        return 0
    finally:
        await services.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        return asyncio.run(run(args, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        return 130
