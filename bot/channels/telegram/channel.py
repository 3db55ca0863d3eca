"""Telegram as a channel: an Update in, `Incoming` to the conversation, Replies out.

A thin adapter. It knows Telegram's shapes (chats, users, commands, button
presses, deep links) and the few rules that are about Telegram rather than an
errand: a group never sees a link page or anyone's account pages, commands are
shortcuts for words, and an answered question's message is edited in place.
Everything an errand says comes from the conversation engine.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram import Chat, Update, User
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.telegram.callback_data import CallbackCodec
from bot.channels.telegram.commands import (
    LINKS,
    PRIVATE_ONLY,
    START,
    ParsedCommand,
    command_text,
    parse_command,
    set_command_menu,
    without_mention,
)
from bot.channels.telegram.deep_links import TelegramLinks, deep_link
from bot.channels.telegram.limits import TelegramRateLimiter
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.prompt_messages import PromptMessages
from bot.channels.telegram.sender import CHANNEL, TelegramSender
from bot.channels.telegram.webhook import install_webhook
from bot.clock import Clock
from bot.conversation.engine import member_of
from bot.conversation.types import ChatRef, Choice, Incoming, Reply
from bot.i18n import Translator, normalise_language, translator
from bot.linking import LinkService
from bot.storage.base import Store
from bot.storage.models import ChatKey, MemberKey
from bot.web.server import RouteInstaller

Handle = Callable[[Incoming], Awaitable[list[Reply]]]

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

TELEGRAM_API_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = ("message", "callback_query")


def file_url_for(api_url: str) -> str:
    """Telegram serves files beside the API: …/bot → …/file/bot."""
    base = api_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file/bot"


def build_application(
    token: str,
    api_url: str = TELEGRAM_API_URL,
    *,
    polling: bool = True,
    limiter: TelegramRateLimiter | None = None,
) -> AnyApplication:
    """PTB's Application with our per-chat ordering, our rate limiter and no job queue.

    Our limiter (limits.py) paces every send per chat and overall; PTB's own would
    halt every chat on one 429, and our later work runs from the store, not PTB's
    job queue.
    """
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_url)
        .base_file_url(file_url_for(api_url))
        .concurrent_updates(PerChatUpdateProcessor())
        .rate_limiter(limiter or TelegramRateLimiter())
        .job_queue(None)
    )
    if not polling:
        builder = builder.updater(None)
    return builder.build()


def rate_limiter_of(application: AnyApplication) -> TelegramRateLimiter:
    """The limiter the application's bot sends through (build_application puts it there)."""
    limiter = getattr(application.bot, "rate_limiter", None)
    if not isinstance(limiter, TelegramRateLimiter):
        raise TypeError("build the application with build_application (our rate limiter)")
    return limiter


def _language(user: User | None) -> str:
    return normalise_language(user.language_code if user else None)


class TelegramChannel:
    def __init__(
        self,
        application: AnyApplication,
        *,
        handle: Handle,
        store: Store,
        clock: Clock,
        linking: LinkService,
        allow_local_urls: bool | None = None,
    ) -> None:
        self.application = application
        self.handle = handle
        self.store = store
        self.clock = clock
        self.linking = linking
        self.codec = CallbackCodec(store, clock)
        api_url = str(getattr(application.bot, "base_url", ""))
        self.sender = TelegramSender(
            application.bot,
            store,
            rate_limiter_of(application),
            self.codec,
            allow_local_urls=(
                not api_url.startswith("https://api.telegram.org")
                if allow_local_urls is None
                else allow_local_urls
            ),
            on_gone=self._gone,
        )
        self.prompts = PromptMessages()
        self._active_chats: set[str] = set()
        self._webhook: tuple[str, str] | None = None
        application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.on_message)
        )
        application.add_handler(CallbackQueryHandler(self.on_callback))
        application.add_error_handler(self.on_error)
        linking.register_channel(CHANNEL, TelegramLinks(linking, self.username))

    # -- lifecycle -------------------------------------------------------------------------

    def username(self) -> str | None:
        try:
            return self.application.bot.username
        except RuntimeError:  # not initialised yet
            return None

    async def _prepare(self) -> None:
        await self.application.initialize()
        try:
            await set_command_menu(self.application.bot)
        except Exception as exc:  # a menu is nice to have; the bot works without it
            log.warning("could not set the command menu: %s", type(exc).__name__)

    async def start_polling(self, *, poll_timeout: float = 10.0) -> None:
        updater = self.application.updater
        if updater is None:
            raise RuntimeError("built for a webhook; build with polling=True")
        await self._prepare()
        await updater.start_polling(
            poll_interval=0.0,
            timeout=timedelta(seconds=poll_timeout),
            allowed_updates=list(ALLOWED_UPDATES),
        )
        await self.application.start()

    def webhook_routes(self, path: str, secret: str) -> RouteInstaller:
        """The route to add to the bot's web server before it starts."""
        self._webhook = (path, secret)
        return install_webhook(self.application, path, secret)

    async def start_webhook(self, public_url: str) -> None:
        if self._webhook is None:
            raise RuntimeError("install webhook_routes on the web server first")
        await self._prepare()
        await self.application.bot.set_webhook(
            public_url, secret_token=self._webhook[1], allowed_updates=list(ALLOWED_UPDATES)
        )
        await self.application.start()

    async def stop(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    # -- updates ---------------------------------------------------------------------------

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        user = update.effective_user
        if message is None or message.text is None or user is None or user.is_bot:
            return
        chat = self._chat_ref(message.chat)
        member = member_of(chat, str(user.id))
        await self._seen(member.chat)
        text = without_mention(message.text, self.username()) if chat.is_group else message.text
        if not text:
            return
        replies: list[Reply] | None = None
        if text.startswith("/"):
            command = parse_command(text, self.username())
            if command is None:
                return  # another bot's command in a group
            replies = await self._command(command, chat, member, user)
            if replies is None:
                text = command_text(command.name) or " ".join(
                    p for p in (command.name, command.argument) if p
                )
        if replies is None:
            replies = await self._text(chat, member, user, text)
        await self._render(member, replies)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        user = update.effective_user
        if query is None or user is None:
            return
        await self.sender.answer_callback(query.id)
        message = query.message
        if message is None:
            return
        chat = self._chat_ref(message.chat)
        member = member_of(chat, str(user.id))
        await self._seen(member.chat)
        payload = await self.codec.decode(member, query.data or "")
        incoming = Incoming(
            chat=chat,
            sender_id=str(user.id),
            at=self.clock.now(),
            choice=payload or "",
            language_hint=user.language_code,
        )
        replies = await self.handle(incoming)
        await self._render(member, replies, pressed_message_id=message.message_id)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Never the update itself: it holds what a parent wrote.
        error = context.error
        log.error(
            "telegram update failed: %s",
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__) if error else None,
        )

    # -- what the channel answers itself ---------------------------------------------------

    def _chat_ref(self, chat: Chat) -> ChatRef:
        return ChatRef(CHANNEL, str(chat.id), is_group=chat.type != Chat.PRIVATE)

    async def _text(self, chat: ChatRef, member: MemberKey, user: User, text: str) -> list[Reply]:
        return await self.handle(self._incoming(member, user, text))

    async def _command(
        self, command: ParsedCommand, chat: ChatRef, member: MemberKey, user: User
    ) -> list[Reply] | None:
        """Replies for commands the channel answers; None: hand the words to the engine."""
        if chat.is_group and command.name in PRIVATE_ONLY:
            return self._private_only(await self._translator(member, user))
        if command.name == START:
            if command.argument:
                return await self._redeem(command.argument, member, user)
            link = await self.store.get_link(member)
            if link is not None and link.active:
                # Already linked: /start shows what the bot can do.
                return await self._text(chat, member, user, "hjälp")
            return None
        if command.name in (LINKS, "links"):
            return await self._manage(member, user)
        return None

    async def _translator(self, member: MemberKey, user: User | None) -> Translator:
        link = await self.store.get_link(member)
        return translator(link.language if link is not None else _language(user))

    def _private_only(self, t: Translator) -> list[Reply]:
        text = t.gettext(
            "That works only in a private chat with me, so nobody else in the group sees it."
        )
        username = self.username()
        if not username:
            return [Reply(text)]
        return [
            Reply(
                text, choices=[Choice(t.gettext("Write to me privately"), url=deep_link(username))]
            )
        ]

    async def _redeem(self, code: str, member: MemberKey, user: User) -> list[Reply]:
        """`/start CODE`: a link code links this chat; a group invite leads to a link page."""
        t = await self._translator(member, user)
        return await self.linking.answer_code(code, member, t.lang)

    def _incoming(self, member: MemberKey, user: User, text: str) -> Incoming:
        chat = ChatRef(member.channel, member.chat_id, is_group=not member.is_private)
        return Incoming(
            chat=chat,
            sender_id=member.member_id,
            at=self.clock.now(),
            text=text,
            language_hint=user.language_code,
        )

    async def _manage(self, member: MemberKey, user: User) -> list[Reply] | None:
        link = await self.store.get_link(member)
        if link is None or not link.active:
            return None  # the engine welcomes an unlinked chat
        url = await self.linking.manage_url(link)
        t = translator(link.language)
        return [
            Reply(
                t.gettext(
                    "Here is the page of chats linked to your Hub account. It works for ten "
                    "minutes; do not pass it on."
                ),
                choices=[Choice(t.gettext("Linked chats"), url=url)],
            )
        ]

    # -- replies out -----------------------------------------------------------------------

    async def _render(
        self, member: MemberKey, replies: list[Reply], *, pressed_message_id: int | None = None
    ) -> None:
        chat_id = int(member.chat_id)
        for reply in replies:
            edit_id = None
            if reply.replaces_prompt is not None:
                edit_id = self.prompts.take(chat_id, reply.replaces_prompt) or pressed_message_id
            message_id = await self.sender.reply(member, reply, edit_message_id=edit_id)
            if reply.prompt_key is not None and message_id is not None:
                self.prompts.remember(chat_id, reply.prompt_key, message_id)

    async def _seen(self, chat: ChatKey) -> None:
        """A chat that writes to us is reachable again, whatever an old Forbidden said."""
        if chat.chat_id in self._active_chats:
            return
        await self.store.set_chat_active(chat, True)
        self._active_chats.add(chat.chat_id)

    def _gone(self, chat: ChatKey) -> None:
        self._active_chats.discard(chat.chat_id)
