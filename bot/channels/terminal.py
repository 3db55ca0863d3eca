"""The terminal as a channel: each input line is one message, each reply line `bot: …`.

Buttons are numbered, so a typed number or the button's words answer them. The
terminal has no sender of its own: after each message it takes what waits for
its chat in the outbox (pushes, queued errands done) and shows it too.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from bot.clock import Clock
from bot.conversation.types import ChatRef, Incoming, Reply
from bot.storage.models import ChatKey, MemberKey

CHANNEL = "terminal"


@dataclass(frozen=True, slots=True)
class TerminalPort:
    """What the terminal needs of the bot behind it."""

    handle: Callable[[Incoming], Awaitable[list[Reply]]]
    # What waits for this chat in the outbox, taken now.
    drain: Callable[[MemberKey], Awaitable[list[Reply]]]
    # Later work that became due (the terminal runs it between messages).
    tick: Callable[[], Awaitable[int]]
    clock: Clock


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


def terminal_chat(login: str) -> ChatRef:
    return ChatRef(CHANNEL, login)


async def converse(port: TerminalPort, login: str, stdin: TextIO, stdout: TextIO) -> int:
    """One message per input line until end of input."""
    chat = terminal_chat(login)
    member = ChatKey.of(chat).member(None)
    render(await port.drain(member), stdout)
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
        incoming = Incoming(chat=chat, sender_id=login, at=port.clock.now(), text=text)
        render(await port.handle(incoming), stdout)
        await port.tick()
        render(await port.drain(member), stdout)
