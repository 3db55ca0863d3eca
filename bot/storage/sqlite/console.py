"""The staff console's rows: sessions, take-over claims, tickets, published news, audit.

A session is found by the hash of its cookie value, so a copy of the database
signs nobody in; the staff API token it carries is encrypted to its row. A
claim is one row per chat: the primary key, not a check in Python, is what
keeps two staff members from holding one chat.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.storage.models import (
    AuditEntry,
    ChatKey,
    DeliveryState,
    MemberKey,
    PublishedNews,
    Queued,
    StaffRole,
    StaffSession,
    TakeoverClaim,
    Ticket,
    TicketState,
)
from bot.storage.sqlite.codec import chat_of, dump_json, from_db, opt_from_db, to_db
from bot.storage.sqlite.part import SqlitePart

SESSION_ID_BYTES = 32
DETAIL_MAX = 300


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _token_context(id_hash: str) -> bytes:
    """Binds the staff token's ciphertext to its session row."""
    return f"staff_session:{id_hash}".encode()


def _json_list(text: str | None) -> list[Any]:
    value = json.loads(text or "[]")
    return value if isinstance(value, list) else []


def _ticket_from_row(row: sqlite3.Row) -> Ticket:
    return Ticket(
        id=row["id"],
        chat=chat_of(row),
        member_id=row["member_id"],
        hub_account_id=row["hub_account_id"],
        children=tuple(c for c in _json_list(row["children"]) if isinstance(c, dict)),
        schools=tuple(str(s) for s in _json_list(row["schools"])),
        last_messages=tuple(m for m in _json_list(row["last_messages"]) if isinstance(m, dict)),
        state=TicketState(row["state"]),
        created_at=from_db(row["created_at"]),
        answered_at=opt_from_db(row["answered_at"]),
        answered_by=row["answered_by"],
        closed_at=opt_from_db(row["closed_at"]),
    )


def _claim_from_row(row: sqlite3.Row) -> TakeoverClaim:
    return TakeoverClaim(
        chat=chat_of(row),
        staff_login=row["staff_login"],
        staff_name=row["staff_name"],
        claimed_at=from_db(row["claimed_at"]),
    )


def _audit_from_row(row: sqlite3.Row) -> AuditEntry:
    chat = chat_of(row) if row["channel"] is not None else None
    return AuditEntry(
        id=row["id"],
        at=from_db(row["at"]),
        actor=row["actor"],
        role=row["role"],
        action=row["action"],
        chat=chat,
        detail=row["detail"],
    )


def _news_from_row(row: sqlite3.Row) -> PublishedNews:
    return PublishedNews(
        id=row["id"],
        hub_news_id=row["hub_news_id"],
        staff_login=row["staff_login"],
        group_name=row["group_name"],
        title=row["title"],
        published_at=from_db(row["published_at"]),
    )


_UNFINISHED = "state IN ('open', 'answered')"


class SqliteConsole(SqlitePart):
    # -- sessions -----------------------------------------------------------------------------

    def _session_from_row(self, row: sqlite3.Row) -> StaffSession:
        blob = row["hub_token"]
        token = (
            self._cipher.decrypt(bytes(blob), _token_context(row["id_hash"]))
            if blob is not None
            else None
        )
        return StaffSession(
            login=row["login"],
            display_name=row["display_name"],
            role=StaffRole(row["role"]),
            municipality=row["municipality"],
            csrf_token=row["csrf_token"],
            hub_token=token,
            created_at=from_db(row["created_at"]),
            last_seen_at=from_db(row["last_seen_at"]),
        )

    async def create_staff_session(
        self,
        *,
        login: str,
        display_name: str,
        role: StaffRole,
        municipality: str,
        hub_token: str | None,
    ) -> tuple[str, StaffSession]:
        session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
        id_hash = session_hash(session_id)
        blob = (
            self._cipher.encrypt(hub_token, _token_context(id_hash))
            if hub_token is not None
            else None
        )
        now = to_db(self._now())
        rows = await self._db.all(
            "INSERT INTO staff_sessions (id_hash, login, display_name, role, municipality,"
            " csrf_token, hub_token, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                id_hash,
                login,
                display_name,
                StaffRole(role).value,
                municipality,
                secrets.token_urlsafe(32),
                blob,
                now,
                now,
            ),
        )
        return session_id, self._session_from_row(rows[0])

    async def get_staff_session(
        self, session_id: str, *, idle: timedelta, max_age: timedelta, touch: bool = True
    ) -> StaffSession | None:
        if not session_id:
            return None
        id_hash = session_hash(session_id)
        now = self._now()
        async with self._db.transaction() as tx:
            row = await tx.one("SELECT * FROM staff_sessions WHERE id_hash = ?", (id_hash,))
            if row is None:
                return None
            if (
                from_db(row["last_seen_at"]) + idle <= now
                or from_db(row["created_at"]) + max_age <= now
            ):
                await tx.execute("DELETE FROM staff_sessions WHERE id_hash = ?", (id_hash,))
                return None
            if not touch:
                return self._session_from_row(row)
            rows = await tx.all(
                "UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ? RETURNING *",
                (to_db(now), id_hash),
            )
        return self._session_from_row(rows[0])

    async def end_staff_session(self, session_id: str) -> bool:
        changed = await self._db.execute(
            "DELETE FROM staff_sessions WHERE id_hash = ?", (session_hash(session_id),)
        )
        return changed > 0

    async def purge_staff_sessions(self, *, seen_before: datetime) -> int:
        return await self._db.execute(
            "DELETE FROM staff_sessions WHERE last_seen_at < ?", (to_db(seen_before),)
        )

    # -- tickets ------------------------------------------------------------------------------

    async def open_ticket(
        self,
        member: MemberKey,
        *,
        hub_account_id: str,
        children: Sequence[Mapping[str, Any]],
        schools: Sequence[str],
        last_messages: Sequence[Mapping[str, Any]],
    ) -> Queued[Ticket]:
        async with self._db.transaction() as tx:
            existing = await tx.one(
                f"SELECT * FROM support_tickets WHERE channel = ? AND chat_id = ? AND {_UNFINISHED}",
                (member.channel, member.chat_id),
            )
            if existing is not None:
                return Queued(_ticket_from_row(existing), created=False)
            rows = await tx.all(
                "INSERT INTO support_tickets (channel, chat_id, member_id, hub_account_id,"
                " children, schools, last_messages, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (
                    member.channel,
                    member.chat_id,
                    member.member_id,
                    hub_account_id,
                    dump_json([dict(c) for c in children]),
                    dump_json([str(s) for s in schools]),
                    dump_json([dict(m) for m in last_messages]),
                    to_db(self._now()),
                ),
            )
        return Queued(_ticket_from_row(rows[0]), created=True)

    async def current_ticket(self, chat: ChatKey) -> Ticket | None:
        row = await self._db.one(
            f"SELECT * FROM support_tickets WHERE channel = ? AND chat_id = ? AND {_UNFINISHED}",
            (chat.channel, chat.chat_id),
        )
        return _ticket_from_row(row) if row else None

    async def list_current_tickets(self) -> list[Ticket]:
        rows = await self._db.all(
            f"SELECT * FROM support_tickets WHERE {_UNFINISHED} ORDER BY created_at DESC, id DESC"
        )
        return [_ticket_from_row(r) for r in rows]

    async def mark_ticket_answered(self, chat: ChatKey, *, by: str) -> Ticket | None:
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE support_tickets SET state = 'answered', answered_at = ?, answered_by = ?"
                " WHERE channel = ? AND chat_id = ? AND state = 'open'",
                (now, by, chat.channel, chat.chat_id),
            )
            row = await tx.one(
                f"SELECT * FROM support_tickets WHERE channel = ? AND chat_id = ?"
                f" AND {_UNFINISHED}",
                (chat.channel, chat.chat_id),
            )
        return _ticket_from_row(row) if row else None

    async def close_ticket(self, chat: ChatKey) -> Ticket | None:
        rows = await self._db.all(
            f"UPDATE support_tickets SET state = 'closed', closed_at = ?"
            f" WHERE channel = ? AND chat_id = ? AND {_UNFINISHED} RETURNING *",
            (to_db(self._now()), chat.channel, chat.chat_id),
        )
        return _ticket_from_row(rows[0]) if rows else None

    async def purge_tickets_older_than(self, cutoff: datetime) -> int:
        """Tickets copy transcript lines, so they follow the transcript's retention."""
        return await self._db.execute(
            "DELETE FROM support_tickets WHERE created_at < ?", (to_db(cutoff),)
        )

    # -- take-over ----------------------------------------------------------------------------

    async def claim_chat(
        self, chat: ChatKey, *, staff_login: str, staff_name: str
    ) -> Queued[TakeoverClaim]:
        async with self._db.transaction() as tx:
            row = await tx.one(
                "INSERT INTO takeover_claims (channel, chat_id, staff_login, staff_name,"
                " claimed_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (channel, chat_id) DO NOTHING RETURNING *",
                (chat.channel, chat.chat_id, staff_login, staff_name, to_db(self._now())),
            )
            if row is not None:
                return Queued(_claim_from_row(row), created=True)
            held = await tx.one(
                "SELECT * FROM takeover_claims WHERE channel = ? AND chat_id = ?",
                (chat.channel, chat.chat_id),
            )
        assert held is not None
        return Queued(_claim_from_row(held), created=False)

    async def get_claim(self, chat: ChatKey) -> TakeoverClaim | None:
        row = await self._db.one(
            "SELECT * FROM takeover_claims WHERE channel = ? AND chat_id = ?",
            (chat.channel, chat.chat_id),
        )
        return _claim_from_row(row) if row else None

    async def list_claims(self) -> list[TakeoverClaim]:
        rows = await self._db.all("SELECT * FROM takeover_claims ORDER BY claimed_at")
        return [_claim_from_row(r) for r in rows]

    async def release_chat(self, chat: ChatKey, *, staff_login: str) -> bool:
        changed = await self._db.execute(
            "DELETE FROM takeover_claims WHERE channel = ? AND chat_id = ? AND staff_login = ?",
            (chat.channel, chat.chat_id, staff_login),
        )
        return changed > 0

    # -- what support learned about a chat ----------------------------------------------------

    async def set_chat_schools(self, chat: ChatKey, schools: Sequence[str]) -> None:
        await self._db.execute(
            "INSERT INTO console_chat_facts (channel, chat_id, schools, learned_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (channel, chat_id) DO UPDATE SET"
            " schools = excluded.schools, learned_at = excluded.learned_at",
            (chat.channel, chat.chat_id, dump_json(sorted(set(schools))), to_db(self._now())),
        )

    async def chat_schools(self) -> dict[ChatKey, tuple[str, ...]]:
        rows = await self._db.all("SELECT channel, chat_id, schools FROM console_chat_facts")
        return {chat_of(r): tuple(str(s) for s in _json_list(r["schools"])) for r in rows}

    # -- published news and its reach ---------------------------------------------------------

    async def record_published_news(
        self, *, hub_news_id: str, staff_login: str, group_name: str, title: str
    ) -> PublishedNews:
        rows = await self._db.all(
            "INSERT INTO console_news (hub_news_id, staff_login, group_name, title,"
            " published_at) VALUES (?, ?, ?, ?, ?) RETURNING *",
            (hub_news_id, staff_login, group_name, title, to_db(self._now())),
        )
        return _news_from_row(rows[0])

    async def list_published_news(
        self, staff_login: str, *, limit: int = 20
    ) -> list[PublishedNews]:
        rows = await self._db.all(
            "SELECT * FROM console_news WHERE staff_login = ? ORDER BY id DESC LIMIT ?",
            (staff_login, limit),
        )
        return [_news_from_row(r) for r in rows]

    async def count_outbox_chats(self, key_prefix: str) -> dict[DeliveryState, int]:
        # substr, not LIKE: a key may hold '%' or '_'.
        rows = await self._db.all(
            "SELECT state, COUNT(DISTINCT channel || char(31) || chat_id) AS chats FROM outbox"
            " WHERE substr(idempotency_key, 1, ?) = ? GROUP BY state",
            (len(key_prefix), key_prefix),
        )
        counts = dict.fromkeys(DeliveryState, 0)
        for row in rows:
            counts[DeliveryState(row["state"])] = int(row["chats"])
        return counts

    async def count_chats_with_flag(self, flag: str) -> int:
        row = await self._db.one(
            "SELECT COUNT(DISTINCT l.channel || char(31) || l.chat_id) AS chats"
            " FROM conversation_log l"
            " WHERE EXISTS (SELECT 1 FROM json_each(l.flags) f WHERE f.value = ?)",
            (flag,),
        )
        return int(row["chats"]) if row else 0

    # -- audit --------------------------------------------------------------------------------

    async def add_audit(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        chat: ChatKey | None = None,
        detail: str = "",
    ) -> AuditEntry:
        rows = await self._db.all(
            "INSERT INTO console_audit (at, actor, role, action, channel, chat_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                to_db(self._now()),
                actor,
                role,
                action,
                chat.channel if chat else None,
                chat.chat_id if chat else None,
                detail[:DETAIL_MAX],
            ),
        )
        return _audit_from_row(rows[0])

    async def list_audit(
        self, *, limit: int = 200, before_id: int | None = None
    ) -> list[AuditEntry]:
        rows = await self._db.all(
            "SELECT * FROM console_audit WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
            (before_id, before_id, limit),
        )
        return [_audit_from_row(r) for r in rows]
