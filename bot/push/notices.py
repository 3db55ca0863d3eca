"""Saying something to a chat outside a reply: written to the outbox, delivered by a channel.

A queued errand that was filed, a link made from the web page, a reply from
support: each becomes an outbox row, so it survives a restart and is sent once.
The terminal chat has no sender; it takes its chat's rows itself (`drain`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.clock import Clock
from bot.conversation.shared import Shared
from bot.conversation.types import Choice, Reply
from bot.storage.base import Store
from bot.storage.models import MemberKey

NOTICE_KIND = "notice"


class Notices:
    """The bot's `Notifier`: `await notices(member, text)`."""

    def __init__(self, store: Store, clock: Clock, shared: Shared) -> None:
        self.store = store
        self.clock = clock
        self.shared = shared

    async def __call__(
        self,
        member: MemberKey,
        text: str,
        *,
        key: str | None = None,
        links: Sequence[Choice] = (),
    ) -> None:
        """Queue `text`; `links` are link buttons (a URL each: no answer comes back here)."""
        idempotency = (
            key
            or f"{NOTICE_KIND}:{member.channel}:{member.chat_id}:{self.clock.now().isoformat()}:{hash(text)}"
        )
        payload: dict[str, Any] = {
            "kind": NOTICE_KIND,
            "member_id": member.member_id,
            "text": text,
        }
        buttons = [{"label": c.label, "url": c.url} for c in links if c.url]
        if buttons:
            payload["choices"] = buttons
        queued = await self.store.enqueue(idempotency, member.chat, payload)
        if queued.created:
            self.shared.queued()

    async def drain(self, member: MemberKey) -> list[Reply]:
        """The terminal's delivery: take what waits for this chat and show it now."""
        replies: list[Reply] = []
        while True:
            items = await self.store.claim_due(50, now=self.clock.now(), chat=member.chat)
            if not items:
                return replies
            for item in items:
                payload: dict[str, Any] = dict(item.payload)
                links = [
                    Choice(str(c.get("label", "")), url=str(c["url"]))
                    for c in payload.get("choices") or ()
                    if isinstance(c, dict) and c.get("url")
                ]
                replies.append(Reply(str(payload.get("text", "")), choices=links))
                await self.store.mark_sent(item.id)
