"""Public test kit: fakes of the services Hubbot talks to, for tests and benchmarks alike."""

from bot.testing.fake_sms import FakeSmsGateway, SentSms, billed_parts
from bot.testing.fake_telegram import (
    IMPLEMENTED_METHODS,
    ApiError,
    Button,
    Call,
    CallbackAnswer,
    FakeBotApi,
    MessageVersion,
    SentMessage,
    parse_entities,
)

__all__ = [
    "IMPLEMENTED_METHODS",
    "ApiError",
    "Button",
    "Call",
    "CallbackAnswer",
    "FakeBotApi",
    "FakeSmsGateway",
    "MessageVersion",
    "SentMessage",
    "SentSms",
    "billed_parts",
    "parse_entities",
]
