"""Who hears a push, and how it is queued for them.

A push goes to chats, not to people: two guardians linked in one family group
get one message there. The chat's first linked guardian decides its language
and its quiet hours (the settings errand keeps a chat's links alike). Every push
is written to the outbox under a key made of the fact's key and the chat, so
noticing the same fact twice can never send it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.push.quiet_hours import deliver_at
from bot.storage.models import ChatLink, Role

if TYPE_CHECKING:
    from bot.conversation.deps import Deps


def handles_child(link: ChatLink, child_id: str) -> bool:
    chosen = link.preferences.children
    return chosen is None or child_id in chosen


def chats_for(
    links: Iterable[ChatLink], *, child_id: str | None = None, guardians_only: bool = True
) -> list[ChatLink]:
    """One link per chat (the first), active, for guardians, handling the child if given."""
    chosen: dict[tuple[str, str], ChatLink] = {}
    for link in sorted(links, key=lambda item: item.id):
        if not link.active or (guardians_only and link.role != Role.GUARDIAN):
            continue
        if child_id is not None and not handles_child(link, child_id):
            continue
        chosen.setdefault((link.chat.channel, link.chat.chat_id), link)
    return list(chosen.values())


def push_key(kind: str, fact_key: str, link: ChatLink) -> str:
    return f"push:{kind}:{fact_key}:{link.chat.channel}:{link.chat.chat_id}"


async def queue_push(
    deps: Deps,
    link: ChatLink,
    *,
    kind: str,
    key: str,
    text: str,
    urgent: bool = False,
) -> bool:
    """Write the push to the outbox (once per key); it waits out the chat's quiet hours."""
    now = deps.clock.now()
    queued = await deps.store.enqueue(
        key,
        link.chat,
        {"kind": kind, "text": text, "member_id": link.member.member_id},
        not_before=deliver_at(now, link.preferences, urgent=urgent),
    )
    if queued.created:
        deps.shared.queued()
    return queued.created
