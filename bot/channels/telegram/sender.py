"""Every message the bot sends to Telegram goes through here.

Replies to a message and outbox deliveries (alerts, summaries, "linked") share
one limiter, one error policy and one renderer:
- the limiter (the application's PTB rate limiter, limits.py) keeps us under
  Telegram's flood limits, and a RetryAfter pauses only the chat it came for;
- Forbidden (the person blocked the bot, or it was removed from the group)
  marks the chat's links inactive, so nothing more is queued for it;
- a reply that cannot go now (a long RetryAfter, Telegram unreachable) is handed
  to the outbox and delivered later instead of lost.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.channels.telegram.callback_data import CallbackCodec
from bot.channels.telegram.formatting import (
    PARSE_MODE,
    escape,
    keyboard,
    split_text,
    with_links,
)
from bot.channels.telegram.limits import TelegramRateLimiter, replying, retry_seconds
from bot.conversation.types import Choice, Reply
from bot.push.delivery import Delivery, DeliveryStatus
from bot.storage.base import LinkStore, Outbox
from bot.storage.models import ChatKey, MemberKey

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# A reply waits this long for a paused chat; beyond it the outbox takes over.
INTERACTIVE_PATIENCE_S = 30.0
# The outbox worker should not sit on one chat: longer waits go back as RETRY_AFTER
# (a chat's own spacing, about a second, is worth waiting for).
OUTBOX_PATIENCE_S = 1.5
REPLY_KIND = "reply"

T = TypeVar("T")


class SenderStore(LinkStore, Outbox, Protocol):
    """What the sender needs of the store: links to deactivate, the outbox to hand over to."""


class ChatPaused(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"chat paused for {seconds:.1f}s")
        self.seconds = seconds


class ChatGone(Exception):
    """Telegram will not deliver to this chat again (blocked, kicked, not found)."""


class Refused(Exception):
    """Telegram refused this one message (bad markup, too long): retrying cannot help."""


class SendFailed(Exception):
    """Network trouble or a Telegram 5xx: worth trying again later."""


@dataclass(slots=True)
class Plan:
    """A reply cut into messages; the keyboard goes on the last one."""

    parts: list[str]
    markup: InlineKeyboardMarkup | None


def choices_to_payload(choices: Sequence[Choice]) -> list[dict[str, str]]:
    return [
        {"label": c.label, "url": c.url} if c.url else {"label": c.label, "payload": c.payload}
        for c in choices
    ]


def choices_from_payload(raw: Any) -> tuple[Choice, ...]:
    if not isinstance(raw, list):
        return ()
    choices = []
    for item in raw:
        if isinstance(item, dict) and item.get("label"):
            choices.append(
                Choice(
                    str(item["label"]),
                    payload=str(item.get("payload") or ""),
                    url=str(item["url"]) if item.get("url") else None,
                )
            )
    return tuple(choices)


class TelegramSender:
    """The `ChannelSender` for the outbox, and the path of every interactive reply."""

    channel = CHANNEL
    # Every request goes through the bot's rate limiter: the outbox adds no pacer of its own.
    paces_itself = True

    def __init__(
        self,
        bot: Bot,
        store: SenderStore,
        limiter: TelegramRateLimiter,
        codec: CallbackCodec,
        *,
        allow_local_urls: bool = False,
        interactive_patience_s: float = INTERACTIVE_PATIENCE_S,
        new_key: Callable[[], str] | None = None,
        on_gone: Callable[[ChatKey], None] | None = None,
    ) -> None:
        self.bot = bot
        self.store = store
        self.limiter = limiter
        self.codec = codec
        self.allow_local_urls = allow_local_urls
        self.interactive_patience_s = interactive_patience_s
        self._new_key = new_key or (lambda: uuid.uuid4().hex)
        self._on_gone = on_gone

    # -- the outbox's door -----------------------------------------------------------------

    async def send(self, chat: ChatKey, payload: dict[str, Any]) -> Delivery:
        """Deliver one outbox payload: {"text", "choices"?, "member_id"?}."""
        wait = self.limiter.delay(chat.chat_id)
        if wait > OUTBOX_PATIENCE_S:
            return Delivery(DeliveryStatus.RETRY_AFTER, retry_after=wait)
        member = chat.member(payload.get("member_id") or None)
        reply = Reply(
            str(payload.get("text") or ""), choices=choices_from_payload(payload.get("choices"))
        )
        try:
            plan = await self.plan(member, reply)
            for index, part in enumerate(plan.parts):
                markup = plan.markup if index == len(plan.parts) - 1 else None
                await self._send_message(chat, part, markup, patience=OUTBOX_PATIENCE_S)
        except ChatPaused as exc:
            return Delivery(DeliveryStatus.RETRY_AFTER, retry_after=exc.seconds)
        except ChatGone as exc:
            return Delivery(DeliveryStatus.PERMANENT, error=str(exc))
        except Refused as exc:
            return Delivery(DeliveryStatus.REJECTED, error=str(exc))
        except SendFailed as exc:
            return Delivery(DeliveryStatus.TRANSIENT, error=str(exc))
        return Delivery(DeliveryStatus.SENT)

    # -- replies ---------------------------------------------------------------------------

    async def reply(
        self, member: MemberKey, reply: Reply, *, edit_message_id: int | None = None
    ) -> int | None:
        """Send (or, for an answered question, edit into place) one reply.

        Returns the id of the message that carries the reply's buttons, None when
        nothing reached the chat now (gone, or handed to the outbox for later).
        """
        with replying():
            return await self._reply(member, reply, edit_message_id)

    async def _reply(
        self, member: MemberKey, reply: Reply, edit_message_id: int | None
    ) -> int | None:
        chat = member.chat
        plan = await self.plan(member, reply)
        last_id: int | None = None
        for index, part in enumerate(plan.parts):
            markup = plan.markup if index == len(plan.parts) - 1 else None
            try:
                if index == 0 and edit_message_id is not None:
                    last_id = await self._edit_or_send(chat, edit_message_id, part, markup)
                else:
                    last_id = await self._send_message(
                        chat, part, markup, patience=self.interactive_patience_s
                    )
            except ChatGone:
                return None
            except Refused as exc:
                log.warning("telegram refused a reply: %s", exc)
                return last_id
            except (ChatPaused, SendFailed) as exc:
                log.info("reply handed to the outbox: %s", type(exc).__name__)
                await self._hand_to_outbox(member, plan.parts[index:], reply.choices)
                return None
        return last_id

    async def answer_callback(self, query_id: str, text: str | None = None) -> None:
        """Stops the button's spinner; a late or repeated answer is harmless."""
        try:
            await self.bot.answer_callback_query(query_id, text=text)
        except TelegramError as exc:
            log.info("callback answer failed: %s", type(exc).__name__)

    async def plan(self, member: MemberKey, reply: Reply) -> Plan:
        data = [
            None if c.url else await self.codec.encode(member, c.payload) for c in reply.choices
        ]
        markup, as_text = keyboard(reply.choices, data, allow_local_urls=self.allow_local_urls)
        return Plan(split_text(with_links(reply.text, as_text)), markup)

    async def _hand_to_outbox(
        self, member: MemberKey, parts: Sequence[str], choices: Sequence[Choice]
    ) -> None:
        payload: dict[str, Any] = {
            "kind": REPLY_KIND,
            "member_id": member.member_id,
            "text": "\n".join(parts),
            "choices": choices_to_payload(choices),
        }
        key = f"{REPLY_KIND}:{member.channel}:{member.chat_id}:{self._new_key()}"
        await self.store.enqueue(key, member.chat, payload)

    # -- one request at a time -------------------------------------------------------------

    async def _send_message(
        self, chat: ChatKey, text: str, markup: InlineKeyboardMarkup | None, *, patience: float
    ) -> int:
        chat_id = int(chat.chat_id)

        async def send() -> Message:
            return await self.bot.send_message(
                chat_id, escape(text), parse_mode=PARSE_MODE, reply_markup=markup
            )

        message = await self._call(chat, send, patience=patience)
        return message.message_id

    async def _edit_or_send(
        self, chat: ChatKey, message_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> int:
        chat_id = int(chat.chat_id)

        async def edit() -> Message | bool:
            return await self.bot.edit_message_text(
                escape(text),
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=PARSE_MODE,
                reply_markup=markup,
            )

        try:
            await self._call(chat, edit, patience=self.interactive_patience_s)
        except Refused as exc:
            if "not modified" in str(exc).lower():
                return message_id
            # Too old to edit, or gone: the answer goes out as a new message.
            return await self._send_message(
                chat, text, markup, patience=self.interactive_patience_s
            )
        return message_id

    async def _call(
        self, chat: ChatKey, request: Callable[[], Awaitable[T]], *, patience: float
    ) -> T:
        chat_id = int(chat.chat_id)
        while True:
            paused = self.limiter.delay(chat_id)
            if paused > patience:
                raise ChatPaused(paused)
            try:
                # The bot's rate limiter waits for this chat's slot and notes a RetryAfter.
                return await request()
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                if seconds > patience:
                    raise ChatPaused(seconds) from exc
            except Forbidden as exc:
                await self._gone(chat)
                raise ChatGone(exc.message) from exc
            except ChatMigrated as exc:
                # A group became a supergroup under a new id; this one is gone.
                await self._gone(chat)
                raise ChatGone("chat migrated") from exc
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    await self._gone(chat)
                    raise ChatGone(exc.message) from exc
                raise Refused(exc.message) from exc
            except NetworkError as exc:
                raise SendFailed(type(exc).__name__) from exc
            except TelegramError as exc:
                raise SendFailed(type(exc).__name__) from exc

    async def _gone(self, chat: ChatKey) -> None:
        """Blocked or removed: the chat's links go inactive, nothing more is sent there."""
        await self.store.set_chat_active(chat, False)
        if self._on_gone is not None:
            self._on_gone(chat)
