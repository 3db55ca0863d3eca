"""The Telegram channel, built from the settings and wired to the rest of the bot."""

from __future__ import annotations

from bot.app.wiring import App
from bot.channels.telegram import TelegramChannel, build_application
from bot.channels.telegram.channel import AnyApplication
from bot.channels.telegram.limits import TelegramRateLimiter, telegram_pacer


def telegram_channel(
    app: App,
    application: AnyApplication | None = None,
    *,
    limiter: TelegramRateLimiter | None = None,
    allow_local_urls: bool | None = None,
) -> TelegramChannel:
    """The channel over PTB's Application (built from the settings unless given).

    The limiter's budget is the bot's shared one when the settings name a Redis,
    so several workers keep Telegram's limits together.
    """
    if application is None:
        settings = app.settings
        assert settings.telegram_token
        application = build_application(
            settings.telegram_token,
            settings.telegram_api_url,
            polling=not settings.telegram_webhook_url,
            limiter=limiter or TelegramRateLimiter(telegram_pacer(shared=app.send_slots)),
        )
    return TelegramChannel(
        application,
        handle=app.conversation.handle,
        store=app.store,
        clock=app.clock,
        linking=app.linking,
        allow_local_urls=allow_local_urls,
    )
