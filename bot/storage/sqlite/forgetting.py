"""Erasure and housekeeping: rows that must go, all at once or once stale.

Forgetting also checkpoints the WAL: with `secure_delete` on, the erased rows are
then gone from the files on disk, not just from query results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bot.storage.models import SMS_CHANNEL, ChatKey, Forgotten, MemberKey, Purged
from bot.storage.retention import Rows, Rule
from bot.storage.sqlite.codec import to_db
from bot.storage.sqlite.database import Session
from bot.storage.sqlite.part import SqlitePart

_CHAT = "channel = ? AND chat_id = ?"
_MEMBER = "channel = ? AND chat_id = ? AND member_id = ?"
_TARGET_CHAT = "target_channel = ? AND target_chat_id = ?"
_TARGET_MEMBER = "target_channel = ? AND target_chat_id = ? AND target_member_id = ?"


async def _forget_chat(tx: Session, chat: ChatKey) -> Forgotten:
    key = (chat.channel, chat.chat_id)
    return Forgotten(
        # Counted before the links go, though the cascade would take them anyway.
        tokens=await tx.execute(
            f"DELETE FROM refresh_tokens WHERE link_id IN (SELECT id FROM chat_links WHERE {_CHAT})",
            key,
        ),
        links=await tx.execute(f"DELETE FROM chat_links WHERE {_CHAT}", key),
        link_states=await tx.execute(f"DELETE FROM link_states WHERE {_CHAT}", key)
        + await tx.execute(f"DELETE FROM link_codes WHERE {_TARGET_CHAT}", key),
        link_failures=await tx.execute(f"DELETE FROM link_failures WHERE {_CHAT}", key),
        log_entries=await tx.execute(f"DELETE FROM conversation_log WHERE {_CHAT}", key),
        outbox=await tx.execute(f"DELETE FROM outbox WHERE {_CHAT}", key),
        jobs=await tx.execute(f"DELETE FROM jobs WHERE {_CHAT}", key),
        pending=await tx.execute(f"DELETE FROM pending WHERE {_CHAT}", key),
        last_writes=await tx.execute(f"DELETE FROM last_writes WHERE {_CHAT}", key),
        # The console's rows; its audit log keeps only the chat key, and stays.
        tickets=await tx.execute(f"DELETE FROM support_tickets WHERE {_CHAT}", key),
        takeover_claims=await tx.execute(f"DELETE FROM takeover_claims WHERE {_CHAT}", key),
        chat_facts=await tx.execute(f"DELETE FROM console_chat_facts WHERE {_CHAT}", key),
        push_reported=await tx.execute(f"DELETE FROM push_reported WHERE {_CHAT}", key),
        sms_numbers=await _forget_sms(tx, chat),
    )


async def _forget_sms(tx: Session, chat: ChatKey) -> int:
    """An SMS chat's id is its number's keyed hash: the number and its messages go."""
    if chat.channel != SMS_CHANNEL:
        return 0
    await tx.execute("DELETE FROM sms_sent WHERE chat_id = ?", (chat.chat_id,))
    return await tx.execute("DELETE FROM sms_numbers WHERE chat_id = ?", (chat.chat_id,))


async def _forget_member(tx: Session, member: MemberKey) -> Forgotten:
    """One person in a group. The chat's own rows (outbox, failures) are the group's."""
    if member.is_private:
        return await _forget_chat(tx, member.chat)
    key = (member.channel, member.chat_id, member.member_id)
    return Forgotten(
        tokens=await tx.execute(
            "DELETE FROM refresh_tokens WHERE link_id IN"
            f" (SELECT id FROM chat_links WHERE {_MEMBER})",
            key,
        ),
        links=await tx.execute(f"DELETE FROM chat_links WHERE {_MEMBER}", key),
        link_states=await tx.execute(f"DELETE FROM link_states WHERE {_MEMBER}", key)
        + await tx.execute(f"DELETE FROM link_codes WHERE {_TARGET_MEMBER}", key),
        log_entries=await tx.execute(f"DELETE FROM conversation_log WHERE {_MEMBER}", key),
        jobs=await tx.execute(f"DELETE FROM jobs WHERE {_MEMBER}", key),
        pending=await tx.execute(f"DELETE FROM pending WHERE {_MEMBER}", key),
        last_writes=await tx.execute(f"DELETE FROM last_writes WHERE {_MEMBER}", key),
        tickets=await tx.execute(f"DELETE FROM support_tickets WHERE {_MEMBER}", key),
    )


class SqliteForgetting(SqlitePart):
    async def forget_chat(self, chat: ChatKey) -> Forgotten:
        async with self._db.transaction() as tx:
            forgotten = await _forget_chat(tx, chat)
        await self._db.checkpoint()
        return forgotten

    async def forget_member(self, member: MemberKey) -> Forgotten:
        async with self._db.transaction() as tx:
            forgotten = await _forget_member(tx, member)
        await self._db.checkpoint()
        return forgotten

    async def forget_account(self, hub_account_id: str) -> Forgotten:
        total = Forgotten()
        async with self._db.transaction() as tx:
            rows = await tx.all(
                "SELECT channel, chat_id, member_id FROM chat_links WHERE hub_account_id = ?",
                (hub_account_id,),
            )
            for row in rows:
                member = MemberKey(row["channel"], row["chat_id"], row["member_id"])
                total += await _forget_member(tx, member)
            # The push watcher's place in this account's notifications goes with it.
            await tx.execute(
                "DELETE FROM push_cursors WHERE hub_account_id = ?", (hub_account_id,)
            )
        await self._db.checkpoint()
        return total

    async def purge_expired(self, *, finished_before: datetime) -> Purged:
        now = to_db(self._now())
        cutoff = to_db(finished_before)
        async with self._db.transaction() as tx:
            return Purged(
                link_states=await tx.execute(
                    "DELETE FROM link_states WHERE expires_at <= ?", (now,)
                )
                + await tx.execute("DELETE FROM link_codes WHERE expires_at <= ?", (now,)),
                link_failures=await tx.execute(
                    "DELETE FROM link_failures WHERE at < ?", (cutoff,)
                ),
                pending=await tx.execute("DELETE FROM pending WHERE expires_at <= ?", (now,)),
                last_writes=await tx.execute("DELETE FROM last_writes WHERE at < ?", (cutoff,)),
                outbox=await tx.execute(
                    "DELETE FROM outbox WHERE state IN ('sent', 'dead') AND updated_at < ?",
                    (cutoff,),
                ),
                jobs=await tx.execute(
                    "DELETE FROM jobs WHERE state IN ('done', 'failed', 'cancelled')"
                    " AND updated_at < ?",
                    (cutoff,),
                ),
            )


_COVERS = {
    Rows.ALL: "1",
    Rows.FINISHED: "state IN ('sent', 'dead', 'done', 'failed', 'cancelled')",
    Rows.INACTIVE: "active = 0",
    Rows.EXPIRED: "1",
}
_IDENTIFIER = re.compile(r"^[a-z_]+$")


class SqliteRetention(SqlitePart):
    async def purge_retained(self, rules: Sequence[Rule]) -> dict[str, int]:
        now = self._now()
        removed: dict[str, int] = {}
        async with self._db.transaction() as tx:
            for rule in rules:
                if not (_IDENTIFIER.match(rule.table) and _IDENTIFIER.match(rule.column)):
                    raise ValueError(f"not a table or column name: {rule.table}.{rule.column}")
                if rule.table == "chat_links":
                    # The link's encrypted token goes with it (also without the cascade).
                    await tx.execute(
                        "DELETE FROM refresh_tokens WHERE link_id IN (SELECT id FROM chat_links"
                        f" WHERE {_COVERS[rule.rows]} AND {rule.column} < ?)",
                        (to_db(now - rule.keep),),
                    )
                removed[rule.table] = await tx.execute(
                    f"DELETE FROM {rule.table} WHERE {_COVERS[rule.rows]} AND {rule.column} < ?",
                    (to_db(now - rule.keep),),
                )
        await self._db.checkpoint()
        return removed
