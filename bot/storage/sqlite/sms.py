"""SMS numbers (encrypted, keyed by their keyed hash) and the gateway's message ids."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from bot.storage.crypto import TokenCipher
from bot.storage.models import SMS_CHANNEL, SmsNumber, SmsReport
from bot.storage.sqlite.codec import from_db, to_db
from bot.storage.sqlite.part import SqlitePart

HASH_PURPOSE = b"sms-number"
# Kinds of outbox payload that answer what the person wrote; STOP leaves them alone.
REPLY_KINDS = ("reply", "sms_reply")


def _context(chat_id: str) -> bytes:
    """Binds the ciphertext to its row: copied to another row it does not decrypt."""
    return f"sms_number:{chat_id}".encode()


def number_from_row(row: sqlite3.Row, cipher: TokenCipher) -> SmsNumber:
    chat_id = str(row["chat_id"])
    return SmsNumber(
        chat_id=chat_id,
        number=cipher.decrypt(bytes(row["ciphertext"]), _context(chat_id)),
        stopped=bool(row["stopped"]),
        failures=int(row["failures"]),
        created_at=from_db(row["created_at"]),
        last_seen_at=from_db(row["last_seen_at"]),
    )


class SqliteSms(SqlitePart):
    def sms_chat_id(self, number: str) -> str:
        # 128 bits of the keyed hash: unique enough, and short in URLs and keys.
        return self._cipher.digest(number, HASH_PURPOSE)[:32]

    def _number_from_row(self, row: sqlite3.Row) -> SmsNumber:
        return number_from_row(row, self._cipher)

    async def remember_sms_number(self, number: str) -> SmsNumber:
        chat_id = self.sms_chat_id(number)
        now = to_db(self._now())
        blob = self._cipher.encrypt(number, _context(chat_id))
        rows = await self._db.all(
            "INSERT INTO sms_numbers (chat_id, ciphertext, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET failures = 0,"
            " last_seen_at = excluded.last_seen_at RETURNING *",
            (chat_id, blob, now, now),
        )
        return self._number_from_row(rows[0])

    async def get_sms_number(self, chat_id: str) -> SmsNumber | None:
        row = await self._db.one("SELECT * FROM sms_numbers WHERE chat_id = ?", (chat_id,))
        return self._number_from_row(row) if row else None

    async def stop_sms_pushes(self, chat_id: str) -> int:
        now = to_db(self._now())
        kinds = ", ".join("?" for _ in REPLY_KINDS)
        async with self._db.transaction() as tx:
            await tx.execute("UPDATE sms_numbers SET stopped = 1 WHERE chat_id = ?", (chat_id,))
            return await tx.execute(
                "UPDATE outbox SET state = 'dead', last_error = 'stopped', updated_at = ?"
                " WHERE channel = ? AND chat_id = ? AND state = 'pending'"
                f" AND coalesce(json_extract(payload, '$.kind'), '') NOT IN ({kinds})",
                (now, SMS_CHANNEL, chat_id, *REPLY_KINDS),
            )

    async def resume_sms_pushes(self, chat_id: str) -> bool:
        changed = await self._db.execute(
            "UPDATE sms_numbers SET stopped = 0 WHERE chat_id = ? AND stopped = 1", (chat_id,)
        )
        return changed > 0

    async def claim_sms_incoming(self, message_id: str, *, stale_after: timedelta) -> bool:
        now = self._now()
        async with self._db.transaction() as tx:
            row = await tx.one(
                "SELECT state, at FROM sms_incoming WHERE message_id = ?", (message_id,)
            )
            if row is not None and (
                row["state"] == "done" or from_db(row["at"]) > now - stale_after
            ):
                return False
            await tx.execute(
                "INSERT INTO sms_incoming (message_id, state, at) VALUES (?, 'handling', ?)"
                " ON CONFLICT (message_id) DO UPDATE SET state = 'handling', at = excluded.at",
                (message_id, to_db(now)),
            )
            return True

    async def finish_sms_incoming(self, message_id: str) -> None:
        await self._db.execute(
            "UPDATE sms_incoming SET state = 'done', at = ? WHERE message_id = ?",
            (to_db(self._now()), message_id),
        )

    async def record_sms_sent(self, gateway_id: str, chat_id: str, parts: int) -> None:
        await self._db.execute(
            "INSERT INTO sms_sent (gateway_id, chat_id, parts, status, at)"
            " VALUES (?, ?, ?, 'sent', ?) ON CONFLICT (gateway_id) DO NOTHING",
            (gateway_id, chat_id, parts, to_db(self._now())),
        )

    async def apply_sms_report(self, gateway_id: str, *, delivered: bool) -> SmsReport | None:
        status = "delivered" if delivered else "failed"
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            row = await tx.one(
                "SELECT chat_id, status FROM sms_sent WHERE gateway_id = ?", (gateway_id,)
            )
            if row is None:
                return None
            chat_id = str(row["chat_id"])
            changed = row["status"] != status
            if changed:
                await tx.execute(
                    "UPDATE sms_sent SET status = ? WHERE gateway_id = ?", (status, gateway_id)
                )
                if delivered:
                    await tx.execute(
                        "UPDATE sms_numbers SET failures = 0, last_seen_at = ? WHERE chat_id = ?",
                        (now, chat_id),
                    )
                else:
                    await tx.execute(
                        "UPDATE sms_numbers SET failures = failures + 1 WHERE chat_id = ?",
                        (chat_id,),
                    )
            number = await tx.one("SELECT failures FROM sms_numbers WHERE chat_id = ?", (chat_id,))
            failures = int(number["failures"]) if number else 0
        return SmsReport(chat_id=chat_id, failures=failures, changed=changed)

    async def sms_parts_sent(self, chat_id: str | None = None) -> int:
        if chat_id is None:
            row = await self._db.one("SELECT coalesce(sum(parts), 0) AS n FROM sms_sent")
        else:
            row = await self._db.one(
                "SELECT coalesce(sum(parts), 0) AS n FROM sms_sent WHERE chat_id = ?", (chat_id,)
            )
        return int(row["n"]) if row else 0
