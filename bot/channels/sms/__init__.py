"""SMS through a Swedish gateway (46elks' HTTP API): webhooks in, the shared outbox out.

`channel.py` takes the gateway's webhooks (incoming SMS, delivery reports),
`sender.py` is the outbox's door for every SMS sent, `gateway.py` the send call,
`render.py` and `gsm.py` make a reply into GSM 7-bit SMS cut between sentences,
`wire.py` the gateway's forms and answers as models.
"""

from bot.channels.sms.channel import DELIVERY_PATH, INCOMING_PATH, SmsChannel
from bot.channels.sms.gateway import ElksGateway, GatewayConfig
from bot.channels.sms.sender import CHANNEL, SmsSender

__all__ = [
    "CHANNEL",
    "DELIVERY_PATH",
    "INCOMING_PATH",
    "ElksGateway",
    "GatewayConfig",
    "SmsChannel",
    "SmsSender",
]
