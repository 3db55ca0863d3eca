"""How the outbox hands a message to a channel, and what the channel answers.

The outbox worker knows nothing of Telegram; a channel's sender knows nothing of
retries or idempotency. The answer says which of the outbox's paths to take.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from bot.storage.models import ChatKey


class DeliveryStatus(StrEnum):
    SENT = "sent"
    # The channel asked us to wait (Telegram 429): only this chat pauses.
    RETRY_AFTER = "retry_after"
    # Worth trying again later (network trouble, 5xx).
    TRANSIENT = "transient"
    # Never going to work (blocked by the user, chat not found): dead letter, link inactive.
    PERMANENT = "permanent"
    # This message was refused (bad markup, too long): dead letter, the chat stays active.
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Delivery:
    status: DeliveryStatus
    retry_after: float | None = None
    error: str = ""


class ChannelSender(Protocol):
    channel: str

    async def send(self, chat: ChatKey, payload: dict[str, Any]) -> Delivery:
        """Deliver one outbox payload: {"text", "choices"?: [{"label","payload"|"url"}], …}."""
        ...
