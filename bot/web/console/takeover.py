"""A person from support takes a chat over from the bot, answers, and hands it back.

The claim row is what silences the bot (`Conversation.taken_over`). Everything the
guardian is told goes through the outbox (`Deps.notify`), in the guardian's
language, so it arrives on whatever channel the chat lives on, in order with
the bot's own messages, and survives a restart. Each step is written to the
transcript (flagged, so the console can tell support's lines from the bot's)
and to the audit log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.conversation import transcript
from bot.i18n import N_, Translator, translator
from bot.storage.models import ChatKey, Direction, MemberKey, StaffSession, TakeoverClaim
from bot.web.console import audit
from bot.web.console.flags import HANDED_BACK, STAFF_JOINED, STAFF_REPLY

if TYPE_CHECKING:
    from bot.conversation.deps import Deps

MAX_REPLY = 3500

JOINED = N_(
    "A person from support has joined the chat. The bot waits until support hands the chat back."
)
STAFF_SAYS = N_("Support: {text}")
LEFT = N_("Support has left the chat. You are talking to the bot again.")


class ClaimOutcome(StrEnum):
    CLAIMED = "claimed"
    ALREADY_YOURS = "already_yours"
    HELD_BY_OTHER = "held_by_other"


@dataclass(frozen=True, slots=True)
class ClaimResult:
    outcome: ClaimOutcome
    claim: TakeoverClaim


class NotYourChat(Exception):
    """Only the staff member holding the chat may answer in it or hand it back."""


async def _guardian(deps: Deps, chat: ChatKey) -> tuple[MemberKey, Translator]:
    """Whom to address and in which language: the ticket's asker, else the chat."""
    ticket = await deps.store.current_ticket(chat)
    member = chat.member(ticket.member_id if ticket else None)
    links = await deps.store.list_links_for_chat(chat, active_only=False)
    link = next((lk for lk in links if lk.member == member), links[0] if links else None)
    lang = link.language.value if link else deps.settings.default_language
    return member, translator(lang)


async def _tell(deps: Deps, chat: ChatKey, msgid: str, *, flag: str, **kw: str) -> None:
    member, t = await _guardian(deps, chat)
    text = t.gettext(msgid, **kw)
    key = f"console:{flag}:{chat.channel}:{chat.chat_id}:{secrets.token_hex(8)}"
    await deps.notify(member, text, key=key)
    # Support's own words are masked as the guardian's are: the parser's health guard marks
    # what the store's patterns alone would miss ("hon bröt armen").
    spans = transcript.health_spans(deps.parse, text, deps.clock.now())
    await deps.store.append_log(
        chat, Direction.OUT, text, member_id=member.member_id, flags=[flag], sensitive_spans=spans
    )


async def claim(deps: Deps, chat: ChatKey, staff: StaffSession) -> ClaimResult:
    queued = await deps.store.claim_chat(
        chat, staff_login=staff.login, staff_name=staff.display_name
    )
    if not queued.created:
        mine = queued.item.staff_login == staff.login
        return ClaimResult(
            ClaimOutcome.ALREADY_YOURS if mine else ClaimOutcome.HELD_BY_OTHER, queued.item
        )
    await _tell(deps, chat, JOINED, flag=STAFF_JOINED)
    await audit.audit(deps.store, staff, audit.CLAIM, chat=chat)
    return ClaimResult(ClaimOutcome.CLAIMED, queued.item)


async def _require_holder(deps: Deps, chat: ChatKey, staff: StaffSession) -> None:
    held = await deps.store.get_claim(chat)
    if held is None or held.staff_login != staff.login:
        raise NotYourChat(chat.chat_id)


async def reply(deps: Deps, chat: ChatKey, staff: StaffSession, text: str) -> None:
    """Reaches the guardian's chat as from support; the first answer marks the ticket."""
    cleaned = text.strip()[:MAX_REPLY]
    if not cleaned:
        raise ValueError("empty reply")
    await _require_holder(deps, chat, staff)
    await _tell(deps, chat, STAFF_SAYS, flag=STAFF_REPLY, text=cleaned)
    await deps.store.mark_ticket_answered(chat, by=staff.login)
    await audit.audit(deps.store, staff, audit.REPLY, chat=chat)


async def hand_back(deps: Deps, chat: ChatKey, staff: StaffSession) -> None:
    await _require_holder(deps, chat, staff)
    # The guardian hears it before the bot answers again, so the release comes last.
    await _tell(deps, chat, LEFT, flag=HANDED_BACK)
    await deps.store.close_ticket(chat)
    await deps.store.release_chat(chat, staff_login=staff.login)
    await audit.audit(deps.store, staff, audit.HAND_BACK, chat=chat)
