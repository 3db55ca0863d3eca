"""The terminal as a channel: each input line is one message, each reply line `bot: …`.

Buttons are numbered, so a typed number or the button's words answer them. The
terminal has no sender of its own: it takes what waits for its chat in the outbox
(support's replies, pushes, queued errands done) and shows it as it comes: after
each message, at once when something is queued (the port's wake-up), and every
`poll_seconds` for later work that became due, not only when the person types.
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
    # Registers a callback the bot calls whenever something was queued for a chat.
    wake: Callable[[Callable[[], None]], None] = lambda _callback: None


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


async def _next_line(
    port: TerminalPort,
    lines: asyncio.Queue[str | None],
    woken: asyncio.Event,
    show_waiting: Callable[[], Awaitable[None]],
    poll_seconds: float,
) -> str | None:
    """The next input line; meanwhile what arrives for the chat is shown as it comes."""
    reading = asyncio.ensure_future(lines.get())
    try:
        while True:
            waking = asyncio.ensure_future(woken.wait())
            done, _ = await asyncio.wait(
                {reading, waking}, timeout=poll_seconds, return_when=asyncio.FIRST_COMPLETED
            )
            waking.cancel()
            if reading in done:
                return reading.result()
            woken.clear()
            await port.tick()
            await show_waiting()
    finally:
        reading.cancel()


async def converse(
    port: TerminalPort, login: str, stdin: TextIO, stdout: TextIO, *, poll_seconds: float = 2.0
) -> int:
    """One message per input line until end of input."""
    chat = terminal_chat(login)
    member = ChatKey.of(chat).member(None)
    interactive = stdin.isatty()
    woken = asyncio.Event()
    port.wake(woken.set)

    async def show_waiting() -> None:
        waiting = await port.drain(member)
        if not waiting:
            return
        if interactive:
            stdout.write("\n")
        render(waiting, stdout)
        if interactive:
            stdout.write("du: ")
            stdout.flush()

    render(await port.drain(member), stdout)
    lines = stdin_lines(asyncio.get_running_loop(), stdin)
    while True:
        if interactive:
            stdout.write("du: ")
            stdout.flush()
        line = await _next_line(port, lines, woken, show_waiting, poll_seconds)
        if line is None:
            return 0
        text = line.rstrip("\n")
        if not text.strip():
            continue
        incoming = Incoming(chat=chat, sender_id=login, at=port.clock.now(), text=text)
        render(await port.handle(incoming), stdout)
        await port.tick()
        render(await port.drain(member), stdout)
