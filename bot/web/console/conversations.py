"""The support desk's list of conversations and one conversation's transcript.

Both read only the redacted log the bot keeps; the transcript is masked once
more on the way out (masking is idempotent), so a line written before a new
mask rule existed is still shown masked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.storage.base import Store
from bot.storage.models import ChatKey, Direction, LogEntry, TakeoverClaim, Ticket
from bot.storage.redact import redact
from bot.web.console.flags import (
    CONSOLE_FLAGS,
    HANDED_BACK,
    STAFF_JOINED,
    STAFF_REPLY,
    conversation_flags,
)

# How far back the flags of a conversation are read, and how many conversations are listed.
FLAG_WINDOW = 50
LIST_LIMIT = 100
# A transcript page: at most this many lines and about this much text (pages stay < 100 KB).
TRANSCRIPT_LIMIT = 100
TRANSCRIPT_TEXT_BUDGET = 40_000

SINCE_CHOICES: dict[str, timedelta] = {
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}


@dataclass(frozen=True, slots=True)
class ListFilter:
    flag: str | None = None
    school: str | None = None
    since: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ListFilter:
        """Unknown values are dropped, not trusted: the filter never reaches SQL."""
        flag = query.get("flag") or None
        since = query.get("since") or None
        school = (query.get("school") or "").strip()[:120] or None
        return cls(
            flag=flag if flag in CONSOLE_FLAGS or flag == "any" else None,
            school=school,
            since=since if since in SINCE_CHOICES else None,
        )

    def query(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (("flag", self.flag), ("school", self.school), ("since", self.since))
            if v
        }

    def admits(self, row: ConversationRow, now: datetime) -> bool:
        if self.flag == "any" and not row.flags:
            return False
        if self.flag not in (None, "any") and self.flag not in row.flags:
            return False
        if self.school is not None and self.school not in row.schools:
            return False
        return not (self.since is not None and row.last_at < now - SINCE_CHOICES[self.since])


@dataclass(frozen=True, slots=True)
class ConversationRow:
    chat: ChatKey
    people: tuple[str, ...]
    last_at: datetime
    entries: int
    flags: frozenset[str]
    schools: tuple[str, ...]
    claim: TakeoverClaim | None
    ticket: Ticket | None

    @property
    def ordered_flags(self) -> list[str]:
        return [f for f in CONSOLE_FLAGS if f in self.flags]


async def _people(store: Store, chat: ChatKey) -> tuple[str, ...]:
    """First names the chat's people gave the bot, nothing more."""
    links = await store.list_links_for_chat(chat, active_only=False)
    return tuple(sorted({link.hub_login_hint for link in links if link.hub_login_hint}))


async def conversation_rows(
    store: Store, now: datetime, wanted: ListFilter, *, limit: int = LIST_LIMIT
) -> list[ConversationRow]:
    """Newest activity first."""
    claims = {c.chat: c for c in await store.list_claims()}
    tickets = {t.chat: t for t in await store.list_current_tickets()}
    schools = await store.chat_schools()
    rows: list[ConversationRow] = []
    for activity in await store.list_recent_chats(limit=limit):
        chat = activity.chat
        entries = list(reversed(await store.list_log(chat, limit=FLAG_WINDOW)))
        ticket = tickets.get(chat)
        row = ConversationRow(
            chat=chat,
            people=await _people(store, chat),
            last_at=activity.last_at,
            entries=activity.entries,
            flags=conversation_flags(entries, open_ticket=ticket is not None),
            schools=tuple(
                sorted(set(schools.get(chat, ())) | set(ticket.schools if ticket else ()))
            ),
            claim=claims.get(chat),
            ticket=ticket,
        )
        if wanted.admits(row, now):
            rows.append(row)
    return rows


def known_schools(rows: list[ConversationRow]) -> list[str]:
    return sorted({school for row in rows for school in row.schools})


def fingerprint(rows: list[ConversationRow]) -> str:
    """Changes whenever anything the list shows changes: the live list's ETag."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(
            json.dumps(
                [
                    row.chat.channel,
                    row.chat.chat_id,
                    row.last_at.isoformat(),
                    row.entries,
                    sorted(row.flags),
                    row.claim.staff_login if row.claim else None,
                    row.ticket.state.value if row.ticket else None,
                    list(row.schools),
                ]
            ).encode()
        )
    return digest.hexdigest()[:32]


# -- one conversation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    id: int
    at: datetime
    # "guardian", "bot" or "support"
    speaker: str
    text: str
    intent: str | None
    slots: tuple[tuple[str, str], ...]
    flags: tuple[str, ...]


def _masked(value: Any) -> Any:
    """Slots can carry free text (a comment for the school); mask it like the message."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {str(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


def _slot_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(_slot_text(v) for v in value) or "–"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def _speaker(entry: LogEntry) -> str:
    if entry.direction == Direction.IN:
        return "guardian"
    if {STAFF_JOINED, STAFF_REPLY, HANDED_BACK} & set(entry.flags):
        return "support"
    return "bot"


def transcript_line(entry: LogEntry) -> TranscriptLine:
    slots = _masked(entry.slots) if entry.slots else {}
    shown = tuple((str(key), _slot_text(value)) for key, value in slots.items() if key != "intent")
    return TranscriptLine(
        id=entry.id,
        at=entry.at,
        speaker=_speaker(entry),
        text=redact(entry.text),
        intent=entry.intent,
        slots=shown,
        flags=entry.flags,
    )


@dataclass(frozen=True, slots=True)
class TranscriptPage:
    lines: list[TranscriptLine]
    # The id to ask `before` for the page of earlier lines; None at the beginning.
    earlier: int | None


async def transcript(
    store: Store,
    chat: ChatKey,
    *,
    before_id: int | None = None,
    limit: int = TRANSCRIPT_LIMIT,
    budget: int = TRANSCRIPT_TEXT_BUDGET,
) -> TranscriptPage:
    """The newest lines (before `before_id`), oldest first, within the text budget."""
    entries = await store.list_log(chat, limit=limit + 1, before_id=before_id)
    more = len(entries) > limit
    kept: list[LogEntry] = []
    used = 0
    for entry in entries[:limit]:
        used += len(entry.text) + sum(len(str(v)) for v in (entry.slots or {}).values())
        if kept and used > budget:
            more = True
            break
        kept.append(entry)
    lines = [transcript_line(e) for e in reversed(kept)]
    return TranscriptPage(lines, lines[0].id if more and lines else None)
