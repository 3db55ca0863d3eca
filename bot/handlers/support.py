""" "support", "prata med en människa": a ticket for the support desk, answered here.

Everything support needs is already known and verified: the linked Hub account,
its children, their schools and what was said (the redacted log). So the
guardian is never asked for anything, least of all an identity number; the
answer comes back into this chat when a person from support has taken it over
in the staff console.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.types import Reply
from bot.hub.errors import HubError
from bot.hub.interface import HubClient
from bot.hub.models import Child
from bot.i18n import N_
from bot.nlu import ParseResult
from bot.storage.redact import redact

ASKED_HUMAN = "asked_human"
LAST_MESSAGES = 10


async def schools_of(hub: HubClient, children: Sequence[Child]) -> list[str]:
    """The Hub names a child's school on its attendance rows; a child without rows adds none."""
    found: set[str] = set()
    for child in children:
        if not child.has("attendance"):
            continue
        try:
            page = await hub.attendance_list(child)
        except HubError:
            continue
        found.update(r.establishment_name for r in page.items if r.establishment_name)
    return sorted(found)


async def _last_messages(ctx: ErrandContext) -> list[dict[str, Any]]:
    entries = await ctx.store.list_log(ctx.member.chat, limit=LAST_MESSAGES - 1)
    lines = [
        {
            "at": e.at.isoformat(),
            "direction": e.direction.value,
            "text": e.text,
            "intent": e.intent,
        }
        for e in reversed(entries)
    ]
    # This message is logged only after the errand has run; the ticket wants it too.
    lines.append(
        {
            "at": ctx.now.isoformat(),
            "direction": "in",
            "text": redact(ctx.logged_text, _health_spans(ctx)),
            "intent": "support",
        }
    )
    return lines


def _health_spans(ctx: ErrandContext) -> list[tuple[int, int]]:
    """What the parser's health guard marked in this message (offsets into the text)."""
    if ctx.command is None or ctx.logged_text != ctx.text:
        return []
    return [(a, b) for a, b in ctx.command.health_spans]


class SupportErrand:
    name = "support"
    # Asking for a person ends the bot's own open question: it is not repeated after.
    ends_questions = True
    intents = frozenset({"support"})
    private_only = False
    help: tuple[HelpLine, ...] = (
        HelpLine(
            9, "support", N_("• “support” – talk to a person, “logga ut” – unlink this chat")
        ),
    )

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        ctx.flags.add(ASKED_HUMAN)
        store = ctx.store
        if await store.current_ticket(ctx.member.chat) is not None:
            return [
                Reply(
                    ctx._(
                        "Your question is already with support. A person will answer you "
                        "here in the chat."
                    )
                )
            ]
        try:
            children = await ctx.children()
        except HubError:
            # The Hub being down must not keep a guardian from reaching a person.
            children = []
        schools = await schools_of(ctx.hub, children)
        await store.open_ticket(
            ctx.member,
            hub_account_id=ctx.link.hub_account_id,
            children=[{"id": c.switch_id, "name": c.first_name} for c in children],
            schools=schools,
            last_messages=await _last_messages(ctx),
        )
        if schools:
            await store.set_chat_schools(ctx.member.chat, schools)
        return [
            Reply(
                ctx._(
                    "I have passed this on to support. A person will answer you here in the "
                    "chat, and I will let you know when they do. You do not need to send any "
                    "personal details: support sees which account and children this chat is "
                    "linked to."
                )
            )
        ]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return []
