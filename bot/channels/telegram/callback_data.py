"""Button payloads within Telegram's 64 bytes of callback data.

The engine's payloads (`nonce:index`) are already short, bound to the chat
member and expiring, so they travel as they are. A longer payload is kept in
the store under the member who was shown the button and the button carries
only a short reference: a press by anyone else, or after expiry, finds nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from bot.clock import Clock
from bot.storage.base import PendingStore
from bot.storage.models import MemberKey

MAX_CALLBACK_BYTES = 64
REFERENCE_PREFIX = "~"
REFERENCE_TTL = timedelta(minutes=30)
_PENDING_PREFIX = "tg-button:"


class CallbackCodec:
    def __init__(self, store: PendingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def encode(self, member: MemberKey, payload: str) -> str:
        if not payload.startswith(REFERENCE_PREFIX) and (
            len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES
        ):
            return payload
        reference = secrets.token_urlsafe(12)
        await self.store.put_pending(
            member,
            _PENDING_PREFIX + reference,
            {"payload": payload},
            expires_at=self.clock.now() + REFERENCE_TTL,
        )
        return REFERENCE_PREFIX + reference

    async def decode(self, member: MemberKey, data: str) -> str | None:
        """The payload behind a pressed button; None when it is not this member's or expired."""
        if not data.startswith(REFERENCE_PREFIX):
            return data
        kept = await self.store.get_pending(member, _PENDING_PREFIX + data[1:])
        if kept is None:
            return None
        value = kept.value.get("payload")
        return value if isinstance(value, str) else None
