"""The Telegram channel, built from the settings and wired to the rest of the bot."""

from __future__ import annotations

from bot.app.wiring import App
from bot.channels.telegram import TelegramChannel, build_application
from bot.channels.telegram.channel import AnyApplication
from bot.channels.telegram.limits import SendLimiter


def telegram_channel(
    app: App,
    application: AnyApplication | None = None,
    *,
    limiter: SendLimiter | None = None,
    allow_local_urls: bool | None = None,
) -> TelegramChannel:
    """The channel over PTB's Application (built from the settings unless given)."""
    if application is None:
        settings = app.settings
        assert settings.telegram_token
        application = build_application(
            settings.telegram_token,
            settings.telegram_api_url,
            polling=not settings.telegram_webhook_url,
        )
    return TelegramChannel(
        application,
        handle=app.conversation.handle,
        store=app.store,
        clock=app.clock,
        linking=app.linking,
        limiter=limiter,
        allow_local_urls=allow_local_urls,
    )
