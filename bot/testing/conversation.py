"""Conversations as tests read them: a message in, the bot's lines out.

`BotHarness` boots the same `App` the terminal and Telegram channels use,
on a temporary data dir, with a clock the test moves by hand and the embedded
sandbox Hub on a loopback port. `Chat` links itself through the real link pages
and Hub login, then talks:

    async with BotHarness.started(tmp_path, now="2026-11-26T07:30:00+01:00") as bot:
        anna = await bot.chat("anna")
        reply = await anna.say("Elsa är sjuk idag")
        assert "Elsa" in reply.text
        await anna.press("Ja")
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.app.browser_login import link_with_password
from bot.app.errands import ERRANDS
from bot.app.wiring import App, start_app
from bot.clock import ManualClock
from bot.conversation.deps import ParseFn
from bot.conversation.errand import Errand
from bot.conversation.types import ChatRef, Incoming, Reply
from bot.settings import Settings


@dataclass
class Said:
    """The bot's answer to one message: every reply, and their text joined."""

    replies: list[Reply]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def choices(self) -> list[str]:
        return [c.label for r in self.replies for c in r.choices]

    def __contains__(self, fragment: str) -> bool:
        return fragment.casefold() in self.text.casefold()


@dataclass
class Chat:
    harness: BotHarness
    login: str
    chat: ChatRef
    sender_id: str
    history: list[Said] = field(default_factory=list)

    async def say(self, text: str) -> Said:
        msg = Incoming(
            chat=self.chat, sender_id=self.sender_id, at=self.harness.clock.now(), text=text
        )
        said = Said(await self.harness.app.conversation.handle(msg))
        self.history.append(said)
        return said

    async def press(self, label: str) -> Said:
        """Press the newest button with this label (case-insensitive)."""
        for said in reversed(self.history):
            for reply in said.replies:
                for choice in reply.choices:
                    if choice.label.casefold() == label.casefold() and choice.payload:
                        return await self.press_payload(choice.payload)
        raise AssertionError(f"no button {label!r} in the conversation so far")

    async def press_payload(self, payload: str) -> Said:
        msg = Incoming(
            chat=self.chat, sender_id=self.sender_id, at=self.harness.clock.now(), choice=payload
        )
        said = Said(await self.harness.app.conversation.handle(msg))
        self.history.append(said)
        return said

    async def notices(self) -> list[str]:
        """What the bot said unasked (queued errands done, links, pushes) since last asked."""
        member = self.harness.app.member_of(self.chat, self.sender_id)
        return [r.text for r in await self.harness.app.drain_notices(member)]


@dataclass
class BotHarness:
    app: App
    clock: ManualClock
    settings: Settings

    @classmethod
    @asynccontextmanager
    async def started(
        cls,
        data_dir: Path,
        *,
        now: str = "2026-11-26T07:30:00+01:00",
        parse: ParseFn | None = None,
        errands: Sequence[Errand] = ERRANDS,
        **settings: object,
    ) -> AsyncIterator[BotHarness]:
        clock = ManualClock(datetime.fromisoformat(now))
        config = Settings(data_dir=data_dir, web_port=0, **settings)  # type: ignore[arg-type]
        app = await start_app(config, clock, parse=parse, errands=errands)
        try:
            yield cls(app, clock, config)
        finally:
            await app.close()

    async def chat(
        self,
        login: str,
        *,
        password: str = "demo",
        channel: str = "test",
        chat_id: str | None = None,
        group: bool = False,
        link: bool = True,
    ) -> Chat:
        chat = ChatRef(channel, chat_id or f"chat-{login}", is_group=group)
        conversation = Chat(self, login, chat, login if group else chat.chat_id)
        if link:
            member = self.app.member_of(chat, conversation.sender_id)
            url = await self.app.linking.start(member)
            code = await link_with_password(url, login, password)
            # The chat sends the page's one-time code, as the guardian would.
            redeemed = await self.app.linking.redeem(code, member)
            assert redeemed.ok, redeemed.reason
            await conversation.notices()
        return conversation
