"""The push side's memory: facts seen, baselines, cursors, daily alerts, what summaries said.

Every write here is idempotent (insert-or-ignore on the fact's key), so a watcher
pass that crashed half way can simply run again: what it already recorded stays
recorded, what it had not yet recorded is done now.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import TypeVar

from bot.storage.models import ChatKey, OutboxItem
from bot.storage.sqlite.codec import to_db
from bot.storage.sqlite.outbox import _item_from_row
from bot.storage.sqlite.part import SqlitePart

# SQLite allows 32766 host parameters; stay far below.
_CHUNK = 500

T = TypeVar("T")


def _chunks(items: Iterable[T], size: int = _CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


# The outbox claim of `SqliteOutbox.claim_due` with a channel filter: the same rules
# (one item per chat, none behind an in-flight or retrying item), only for these channels.
# `+o.channel` keeps the planner on `outbox_due`, whose order is the ORDER BY: the scan
# stops after `limit` claimable rows instead of sorting every pending row first.
_CLAIM_ON = """
UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, claimed_at = :now,
    updated_at = :now
WHERE id IN (
    SELECT o.id FROM outbox o
    WHERE o.state = 'pending' AND o.next_attempt_at <= :now
      AND +o.channel IN ({channels})
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


class SqlitePushLedger(SqlitePart):
    async def seen_facts(self, keys: Collection[str]) -> set[str]:
        found: set[str] = set()
        for batch in _chunks(sorted(set(keys))):
            rows = await self._db.all(
                f"SELECT key FROM push_facts WHERE key IN ({_marks(len(batch))})", batch
            )
            found.update(r["key"] for r in rows)
        return found

    async def record_facts(self, keys: Collection[str], *, child_id: str | None = None) -> int:
        now = to_db(self._now())
        added = 0
        async with self._db.transaction() as tx:
            for key in sorted(set(keys)):
                added += await tx.execute(
                    "INSERT INTO push_facts (key, child_id, seen_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (key) DO NOTHING",
                    (key, child_id, now),
                )
        return added

    async def baselined_children(self, child_ids: Collection[str]) -> set[str]:
        found: set[str] = set()
        for batch in _chunks(sorted(set(child_ids))):
            rows = await self._db.all(
                f"SELECT child_id FROM push_children WHERE child_id IN ({_marks(len(batch))})",
                batch,
            )
            found.update(r["child_id"] for r in rows)
        return found

    async def baseline_child(self, child_id: str, fact_keys: Collection[str]) -> None:
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            for key in sorted(set(fact_keys)):
                await tx.execute(
                    "INSERT INTO push_facts (key, child_id, seen_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (key) DO NOTHING",
                    (key, child_id, now),
                )
            await tx.execute(
                "INSERT INTO push_children (child_id, baseline_at) VALUES (?, ?)"
                " ON CONFLICT (child_id) DO NOTHING",
                (child_id, now),
            )

    async def get_watch_cursor(self, hub_account_id: str) -> str | None:
        row = await self._db.one(
            "SELECT cursor FROM push_cursors WHERE hub_account_id = ?", (hub_account_id,)
        )
        return None if row is None else str(row["cursor"])

    async def set_watch_cursor(self, hub_account_id: str, cursor: str) -> None:
        await self._db.execute(
            "INSERT INTO push_cursors (hub_account_id, cursor, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (hub_account_id) DO UPDATE SET cursor = excluded.cursor,"
            " updated_at = excluded.updated_at",
            (hub_account_id, cursor, to_db(self._now())),
        )

    async def claim_daily_alert(self, child_id: str, day: date, fact_key: str) -> str:
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO push_daily_alerts (child_id, day, fact_key, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (child_id, day) DO NOTHING",
                (child_id, day.isoformat(), fact_key, to_db(self._now())),
            )
            row = await tx.one(
                "SELECT fact_key FROM push_daily_alerts WHERE child_id = ? AND day = ?",
                (child_id, day.isoformat()),
            )
        assert row is not None
        return str(row["fact_key"])

    async def reported_in_chat(self, chat: ChatKey, keys: Collection[str]) -> set[str]:
        found: set[str] = set()
        for batch in _chunks(sorted(set(keys))):
            rows = await self._db.all(
                "SELECT key FROM push_reported WHERE channel = ? AND chat_id = ?"
                f" AND key IN ({_marks(len(batch))})",
                (chat.channel, chat.chat_id, *batch),
            )
            found.update(r["key"] for r in rows)
        return found

    async def record_reported(self, chat: ChatKey, keys: Collection[str]) -> None:
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            for key in sorted(set(keys)):
                await tx.execute(
                    "INSERT INTO push_reported (channel, chat_id, key, at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (channel, chat_id, key) DO NOTHING",
                    (chat.channel, chat.chat_id, key, now),
                )

    async def claim_due_on(
        self, channels: Collection[str], limit: int, *, now: datetime | None = None
    ) -> list[OutboxItem]:
        wanted: Sequence[str] = sorted(set(channels))
        if not wanted or limit < 1:
            return []
        names = {f"c{i}": name for i, name in enumerate(wanted)}
        params: dict[str, object] = {
            "now": to_db(now if now is not None else self._now()),
            "limit": limit,
            **names,
        }
        sql = _CLAIM_ON.format(channels=", ".join(f":{n}" for n in names))
        async with self._db.transaction() as tx:
            rows = await tx.all(sql, params)
        items = [_item_from_row(r) for r in rows]
        return sorted(items, key=lambda i: (i.next_attempt_at, i.id))

    async def purge_push_ledger(self, *, before: datetime) -> int:
        cutoff = to_db(before)
        async with self._db.transaction() as tx:
            return (
                await tx.execute("DELETE FROM push_facts WHERE seen_at < ?", (cutoff,))
                + await tx.execute("DELETE FROM push_daily_alerts WHERE at < ?", (cutoff,))
                + await tx.execute("DELETE FROM push_reported WHERE at < ?", (cutoff,))
            )
