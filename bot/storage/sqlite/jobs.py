"""Later work that must survive a restart: queued Hub errands, filings, summaries."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from bot.storage.backoff import backoff_delay
from bot.storage.models import ChatKey, Job, JobState, Queued
from bot.storage.sqlite.codec import dump_json, from_db, load_object, to_db
from bot.storage.sqlite.part import SqlitePart

ERROR_MAX = 500


def _job_from_row(row: sqlite3.Row) -> Job:
    chat = ChatKey(row["channel"], row["chat_id"]) if row["channel"] is not None else None
    return Job(
        id=row["id"],
        kind=row["kind"],
        payload=load_object(row["payload"]),
        run_at=from_db(row["run_at"]),
        state=JobState(row["state"]),
        attempts=row["attempts"],
        max_attempts=row["max_attempts"],
        idempotency_key=row["idempotency_key"],
        chat=chat,
        member_id=row["member_id"],
        last_error=row["last_error"],
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
    )


def _placeholders(count: int) -> str:
    return ", ".join("?" for _ in range(count))


class SqliteJobs(SqlitePart):
    async def add_job(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        run_at: datetime,
        idempotency_key: str | None = None,
        chat: ChatKey | None = None,
        member_id: str | None = None,
        max_attempts: int = 10,
    ) -> Queued[Job]:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            row = await tx.one(
                "INSERT INTO jobs (kind, payload, run_at, max_attempts, idempotency_key,"
                " channel, chat_id, member_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (idempotency_key) DO NOTHING RETURNING *",
                (
                    kind,
                    dump_json(payload),
                    to_db(run_at),
                    max_attempts,
                    idempotency_key,
                    chat.channel if chat else None,
                    chat.chat_id if chat else None,
                    member_id,
                    now,
                    now,
                ),
            )
            if row is not None:
                return Queued(_job_from_row(row), created=True)
            existing = await tx.one(
                "SELECT * FROM jobs WHERE idempotency_key = ?", (idempotency_key,)
            )
        assert existing is not None
        return Queued(_job_from_row(existing), created=False)

    async def get_job(self, job_id: int) -> Job | None:
        row = await self._db.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job_from_row(row) if row else None

    async def claim_due_jobs(
        self,
        limit: int,
        *,
        now: datetime | None = None,
        kinds: Collection[str] | None = None,
    ) -> list[Job]:
        moment = to_db(now if now is not None else self._now())
        kind_list = sorted(kinds) if kinds is not None else []
        if kinds is not None and not kind_list:
            return []
        kind_filter = f"AND kind IN ({_placeholders(len(kind_list))})" if kind_list else ""
        async with self._db.transaction() as tx:
            rows = await tx.all(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_at = ?,"
                " updated_at = ? WHERE id IN (SELECT id FROM jobs WHERE state = 'pending'"
                f" AND run_at <= ? {kind_filter} ORDER BY run_at, id LIMIT ?) RETURNING *",
                (moment, moment, moment, *kind_list, limit),
            )
        return sorted((_job_from_row(r) for r in rows), key=lambda j: (j.run_at, j.id))

    async def complete_job(self, job_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ?"
            " WHERE id = ? AND state = 'running'",
            (to_db(self._now()), job_id),
        )
        return changed > 0

    async def fail_job(
        self,
        job_id: int,
        error: str,
        *,
        retry_at: datetime | None = None,
        give_up: bool = False,
    ) -> Job | None:
        now = self._now()
        async with self._db.transaction() as tx:
            row = await tx.one(
                "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND state = 'running'",
                (job_id,),
            )
            if row is None:
                return None
            if give_up or row["attempts"] >= row["max_attempts"]:
                updated = await tx.one(
                    "UPDATE jobs SET state = 'failed', last_error = ?, updated_at = ?"
                    " WHERE id = ? RETURNING *",
                    (error[:ERROR_MAX], to_db(now), job_id),
                )
            else:
                when = retry_at if retry_at is not None else now + backoff_delay(row["attempts"])
                updated = await tx.one(
                    "UPDATE jobs SET state = 'pending', run_at = ?, last_error = ?,"
                    " updated_at = ? WHERE id = ? RETURNING *",
                    (to_db(when), error[:ERROR_MAX], to_db(now), job_id),
                )
        return _job_from_row(updated) if updated else None

    async def cancel_job(self, job_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE id = ? AND state = 'pending'",
            (to_db(self._now()), job_id),
        )
        return changed > 0

    async def list_jobs(
        self,
        *,
        chat: ChatKey | None = None,
        kind: str | None = None,
        states: Collection[JobState] = (JobState.PENDING, JobState.RUNNING),
    ) -> list[Job]:
        state_list = sorted(JobState(s).value for s in states)
        if not state_list:
            return []
        rows = await self._db.all(
            f"SELECT * FROM jobs WHERE state IN ({_placeholders(len(state_list))})"
            " AND (? IS NULL OR (channel = ? AND chat_id = ?)) AND (? IS NULL OR kind = ?)"
            " ORDER BY run_at, id",
            (
                *state_list,
                chat.channel if chat else None,
                chat.channel if chat else None,
                chat.chat_id if chat else None,
                kind,
                kind,
            ),
        )
        return [_job_from_row(r) for r in rows]

    async def delete_jobs_for_chat(self, chat: ChatKey) -> int:
        return await self._db.execute(
            "DELETE FROM jobs WHERE channel = ? AND chat_id = ?", (chat.channel, chat.chat_id)
        )

    async def requeue_running_jobs(self, *, claimed_before: datetime | None = None) -> int:
        cutoff = to_db(claimed_before) if claimed_before is not None else None
        # A job that used its last attempt and then took the process down stays down.
        return await self._db.execute(
            "UPDATE jobs SET updated_at = ?,"
            " state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,"
            " last_error = CASE WHEN attempts >= max_attempts"
            " THEN 'interrupted on its last attempt' ELSE last_error END"
            " WHERE state = 'running' AND (? IS NULL OR claimed_at < ?)",
            (to_db(self._now()), cutoff, cutoff),
        )
