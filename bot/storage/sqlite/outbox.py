"""Deliveries, at least once and in order per chat.

An item is claimed (in_flight) before it is sent and marked sent after, so a
crash can only ever repeat the items that were in flight. Within a chat only one
item is in flight at a time, and an item waiting to be retried holds back the
later ones; an item merely scheduled for later does not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from bot.storage.models import ChatKey, DeliveryState, OutboxItem, Queued
from bot.storage.sqlite.codec import chat_of, dump_json, from_db, load_object, to_db
from bot.storage.sqlite.part import SqlitePart

ERROR_MAX = 500


def _item_from_row(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        idempotency_key=row["idempotency_key"],
        chat=chat_of(row),
        payload=load_object(row["payload"]),
        state=DeliveryState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=from_db(row["next_attempt_at"]),
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
        last_error=row["last_error"],
    )


_CLAIM = """
UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, claimed_at = :now,
    updated_at = :now
WHERE id IN (
    SELECT o.id FROM outbox o
    WHERE o.state = 'pending' AND o.next_attempt_at <= :now
      AND (:channel IS NULL OR (o.channel = :channel AND o.chat_id = :chat_id))
      AND NOT EXISTS (
        SELECT 1 FROM outbox f
        WHERE f.channel = o.channel AND f.chat_id = o.chat_id AND f.state = 'in_flight')
      AND NOT EXISTS (
        SELECT 1 FROM outbox e
        WHERE e.channel = o.channel AND e.chat_id = o.chat_id AND e.state = 'pending'
          AND e.id < o.id AND (e.next_attempt_at <= :now OR e.attempts > 0))
    ORDER BY o.next_attempt_at, o.id
    LIMIT :limit)
RETURNING *
"""


class SqliteOutbox(SqlitePart):
    async def enqueue(
        self,
        idempotency_key: str,
        chat: ChatKey,
        payload: Mapping[str, Any],
        *,
        not_before: datetime | None = None,
    ) -> Queued[OutboxItem]:
        now = self._now()
        due = to_db(not_before if not_before is not None else now)
        async with self._db.transaction() as tx:
            row = await tx.one(
                "INSERT INTO outbox (idempotency_key, channel, chat_id, payload,"
                " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (idempotency_key) DO NOTHING RETURNING *",
                (
                    idempotency_key,
                    chat.channel,
                    chat.chat_id,
                    dump_json(payload),
                    due,
                    to_db(now),
                    to_db(now),
                ),
            )
            if row is not None:
                return Queued(_item_from_row(row), created=True)
            existing = await tx.one(
                "SELECT * FROM outbox WHERE idempotency_key = ?", (idempotency_key,)
            )
        assert existing is not None
        return Queued(_item_from_row(existing), created=False)

    async def claim_due(
        self, limit: int, *, now: datetime | None = None, chat: ChatKey | None = None
    ) -> list[OutboxItem]:
        params = {
            "now": to_db(now if now is not None else self._now()),
            "limit": limit,
            "channel": chat.channel if chat else None,
            "chat_id": chat.chat_id if chat else None,
        }
        async with self._db.transaction() as tx:
            rows = await tx.all(_CLAIM, params)
        items = [_item_from_row(r) for r in rows]
        return sorted(items, key=lambda i: (i.next_attempt_at, i.id))

    async def mark_sent(self, item_id: int) -> bool:
        # The payload goes: a delivered message needs only its key, not its words.
        changed = await self._db.execute(
            "UPDATE outbox SET state = 'sent', payload = '{}', last_error = NULL,"
            " updated_at = ? WHERE id = ? AND state = 'in_flight'",
            (to_db(self._now()), item_id),
        )
        return changed > 0

    async def mark_retry(self, item_id: int, next_attempt_at: datetime, error: str) -> bool:
        changed = await self._db.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ?,"
            " updated_at = ? WHERE id = ? AND state = 'in_flight'",
            (to_db(next_attempt_at), error[:ERROR_MAX], to_db(self._now()), item_id),
        )
        return changed > 0

    async def mark_dead(self, item_id: int, error: str) -> bool:
        changed = await self._db.execute(
            "UPDATE outbox SET state = 'dead', last_error = ?, updated_at = ?"
            " WHERE id = ? AND state IN ('pending', 'in_flight')",
            (error[:ERROR_MAX], to_db(self._now()), item_id),
        )
        return changed > 0

    async def requeue_in_flight(self, *, claimed_before: datetime | None = None) -> int:
        cutoff = to_db(claimed_before) if claimed_before is not None else None
        return await self._db.execute(
            "UPDATE outbox SET state = 'pending', updated_at = ?"
            " WHERE state = 'in_flight' AND (? IS NULL OR claimed_at < ?)",
            (to_db(self._now()), cutoff, cutoff),
        )

    async def get_outbox_item(self, item_id: int) -> OutboxItem | None:
        row = await self._db.one("SELECT * FROM outbox WHERE id = ?", (item_id,))
        return _item_from_row(row) if row else None

    async def list_outbox(
        self, chat: ChatKey, *, states: Collection[DeliveryState] | None = None
    ) -> list[OutboxItem]:
        rows = await self._db.all(
            "SELECT * FROM outbox WHERE channel = ? AND chat_id = ? ORDER BY id",
            (chat.channel, chat.chat_id),
        )
        items = [_item_from_row(r) for r in rows]
        if states is None:
            return items
        wanted = {DeliveryState(s) for s in states}
        return [i for i in items if i.state in wanted]
