"""One-time link codes: keyed hashes of the codes, the grant's refresh token encrypted."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from bot.storage.base import LINK_STATE_TTL
from bot.storage.models import (
    Language,
    LinkGrant,
    MemberKey,
    Role,
    StateRejected,
    StateRejection,
)
from bot.storage.sqlite.codec import from_db, to_db
from bot.storage.sqlite.part import SqlitePart

_HASH_CONTEXT = b"link_code"


def _token_context(code_hash: str) -> bytes:
    """Binds the ciphertext to its code: copied to another row it does not decrypt."""
    return f"link_code:{code_hash}".encode()


class SqliteLinkCodes(SqlitePart):
    def _code_hash(self, code: str) -> str:
        return self._cipher.digest(code, _HASH_CONTEXT)

    async def create_link_code(
        self,
        grant: LinkGrant,
        *,
        code: str,
        short_code: str | None = None,
        ttl: timedelta = LINK_STATE_TTL,
    ) -> datetime:
        if ttl <= timedelta(0):
            raise ValueError("ttl must be positive")
        now = self._now()
        code_hash = self._code_hash(code)
        target = grant.target
        await self._db.execute(
            "INSERT INTO link_codes (code_hash, short_hash, hub_account_id, role, language,"
            " login_hint, target_channel, target_chat_id, target_member_id, ciphertext,"
            " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code_hash,
                None if short_code is None else self._code_hash(short_code),
                grant.hub_account_id,
                Role(grant.role).value,
                Language(grant.language).value,
                grant.login_hint,
                None if target is None else target.channel,
                None if target is None else target.chat_id,
                None if target is None else target.member_id,
                self._cipher.encrypt(grant.refresh_token, _token_context(code_hash)),
                to_db(now),
                to_db(now + ttl),
            ),
        )
        return now + ttl

    async def consume_link_code(self, code: str) -> LinkGrant | StateRejected:
        wanted = self._code_hash(code)
        async with self._db.transaction() as tx:
            row = await tx.one(
                "SELECT * FROM link_codes WHERE code_hash = ? OR short_hash = ?",
                (wanted, wanted),
            )
            if row is None:
                return StateRejected(StateRejection.UNKNOWN)
            if row["used_at"] is not None or row["ciphertext"] is None:
                return StateRejected(StateRejection.USED)
            if from_db(row["expires_at"]) <= self._now():
                return StateRejected(StateRejection.EXPIRED)
            # The guard on used_at keeps it single-use across processes too; the token
            # leaves this table at once (it moves to the link's own row).
            taken = await tx.execute(
                "UPDATE link_codes SET used_at = ?, ciphertext = NULL"
                " WHERE id = ? AND used_at IS NULL",
                (to_db(self._now()), row["id"]),
            )
            if not taken:
                return StateRejected(StateRejection.USED)
        return self._grant(row)

    def _grant(self, row: sqlite3.Row) -> LinkGrant:
        target = None
        if row["target_channel"] is not None:
            target = MemberKey(
                row["target_channel"], row["target_chat_id"], row["target_member_id"]
            )
        return LinkGrant(
            hub_account_id=row["hub_account_id"],
            role=Role(row["role"]),
            language=Language(row["language"]),
            login_hint=row["login_hint"],
            refresh_token=self._cipher.decrypt(
                bytes(row["ciphertext"]), _token_context(row["code_hash"])
            ),
            target=target,
        )
