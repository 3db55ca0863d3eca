"""Telegram: python-telegram-bot in, the conversation engine's Replies out.

`channel.py` adapts updates, `sender.py` is the one door for everything sent
(with `limits.py`, the application's rate limiter, keeping Telegram's flood limits), `webhook.py` takes
updates on the bot's own web server, `ordering.py` keeps one chat's updates in
order while chats run side by side.
"""

from bot.channels.telegram.channel import TelegramChannel, build_application
from bot.channels.telegram.limits import TelegramRateLimiter, telegram_pacer
from bot.channels.telegram.sender import CHANNEL, TelegramSender

__all__ = [
    "CHANNEL",
    "TelegramChannel",
    "TelegramRateLimiter",
    "TelegramSender",
    "build_application",
    "telegram_pacer",
]
