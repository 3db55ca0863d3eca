"""The SMS channel, built from the settings and wired to the rest of the bot.

`python -m bot run` serves it when `HUBBOT_SMS_API_URL` is set: the webhooks on
the bot's own web server, the sender in the push runtime's outbox worker (the
same outbox and pacing as Telegram), with the gateway's rate as the channel's
overall limit.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, replace

from bot.app.wiring import App
from bot.channels.sms import CHANNEL, ElksGateway, GatewayConfig, SmsChannel, SmsSender
from bot.channels.sms.sender import Sleep
from bot.push.pacing import ChannelLimits
from bot.settings import Settings
from bot.storage.models import Preferences


@dataclass
class SmsParts:
    channel: SmsChannel
    sender: SmsSender
    gateway: ElksGateway

    async def close(self) -> None:
        await self.gateway.close()


def webhook_secret(settings: Settings) -> str:
    return settings.sms_webhook_secret or secrets.token_urlsafe(32)


def sms_limits(settings: Settings) -> ChannelLimits:
    """The gateway's rate for every SMS; no per-number spacing beyond the outbox's order."""
    return ChannelLimits(overall_per_second=settings.sms_rate_per_second)


def sms_channel(app: App, *, secret: str | None = None, sleep: Sleep = asyncio.sleep) -> SmsParts:
    settings = app.settings
    if not settings.sms_api_url:
        raise ValueError("HUBBOT_SMS_API_URL is not set")
    gateway = ElksGateway(
        GatewayConfig(
            api_url=settings.sms_api_url,
            username=settings.sms_username or "",
            password=settings.sms_password or "",
            sender=settings.sms_from,
        )
    )
    channel = SmsChannel(
        handle=app.conversation.handle,
        store=app.store,
        clock=app.clock,
        linking=app.linking,
        secret=secret or webhook_secret(settings),
        queued=app.deps.shared.queued,
    )
    sender = SmsSender(
        gateway,
        app.store,
        delivery_url=lambda: channel.delivery_url(app.web_base_url),
        rate_per_second=settings.sms_rate_per_second,
        sleep=sleep,
    )
    # Every SMS costs: the evening summary is something a guardian asks for.
    app.linking.set_new_link_preferences(CHANNEL, replace(Preferences(), summary_enabled=False))
    return SmsParts(channel, sender, gateway)
