"""46elks' wire format: what its webhooks post and what its send call answers.

Pydantic at the trust boundary: a webhook body is checked before anything reads
it, and a number that is not E.164 never becomes a chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

M = TypeVar("M", bound=BaseModel)

E164 = r"^\+[1-9][0-9]{6,14}$"
# An SMS is at most a few thousand characters even concatenated; more is not an SMS.
MAX_MESSAGE = 5000


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class DeliveryStatus(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"


class IncomingSms(BaseModel):
    """`POST /sms/incoming`: direction=incoming, id, from, to, created, message."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    direction: Direction
    id: str = Field(min_length=1, max_length=100)
    sender: str = Field(alias="from", pattern=E164)
    to: str = Field(min_length=1, max_length=40)
    created: str = ""
    message: str = Field(default="", max_length=MAX_MESSAGE)


class DeliveryReport(BaseModel):
    """`POST /sms/delivery`: id, status (delivered or failed), delivered (a time)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1, max_length=100)
    status: DeliveryStatus
    delivered: str = ""


class SentSms(BaseModel):
    """The send call's JSON answer (the fields the bot reads)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1)
    status: str = "created"
    parts: int = Field(default=1, ge=1)

    @field_validator("parts", mode="before")
    @classmethod
    def _parts(cls, value: object) -> object:
        return 1 if value in (None, "") else value


def parse_form(model: type[M], form: Mapping[str, str]) -> M | None:
    """The model of a form body, or None when it is not one."""
    try:
        return model.model_validate(dict(form))
    except ValidationError:
        return None
