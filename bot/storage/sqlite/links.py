"""Chat members linked to Hub accounts."""

from __future__ import annotations

import json
import sqlite3

from bot.storage.models import ChatKey, ChatLink, Language, MemberKey, Preferences, Role
from bot.storage.redact import redact
from bot.storage.sqlite.codec import dump_json, from_db, member_of, to_db
from bot.storage.sqlite.part import SqlitePart

_HINT_MAX = 40


def first_name_only(hint: str | None) -> str | None:
    """Keep a greeting name and drop the rest: the less we hold, the less can leak."""
    if hint is None:
        return None
    words = hint.split()
    if not words:
        return None
    first = words[0][:_HINT_MAX]
    # Whatever looks like an e-mail, a phone or an identity number is no name.
    return first if redact(first) == first else None


def link_from_row(row: sqlite3.Row) -> ChatLink:
    return ChatLink(
        id=row["id"],
        member=member_of(row),
        hub_account_id=row["hub_account_id"],
        hub_login_hint=row["hub_login_hint"],
        role=Role(row["role"]),
        language=Language(row["language"]),
        preferences=Preferences.from_json(json.loads(row["preferences"] or "{}")),
        active=bool(row["active"]),
        created_at=from_db(row["created_at"]),
        last_seen_at=from_db(row["last_seen_at"]),
    )


class SqliteLinks(SqlitePart):
    async def upsert_link(
        self,
        member: MemberKey,
        *,
        hub_account_id: str,
        role: Role,
        language: Language,
        hub_login_hint: str | None = None,
        preferences: Preferences | None = None,
    ) -> ChatLink:
        now = to_db(self._now())
        async with self._db.transaction() as tx:
            old = await tx.one(
                "SELECT id, hub_account_id, preferences FROM chat_links"
                " WHERE channel = ? AND chat_id = ? AND member_id = ?",
                (member.channel, member.chat_id, member.member_id),
            )
            if old is None:
                prefs = preferences or Preferences()
                link_id = await tx.insert(
                    "INSERT INTO chat_links (channel, chat_id, member_id, hub_account_id,"
                    " hub_login_hint, role, language, preferences, active, created_at,"
                    " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (
                        member.channel,
                        member.chat_id,
                        member.member_id,
                        hub_account_id,
                        first_name_only(hub_login_hint),
                        Role(role).value,
                        Language(language).value,
                        dump_json(prefs.to_json()),
                        now,
                        now,
                    ),
                )
            else:
                link_id = old["id"]
                if old["hub_account_id"] != hub_account_id:
                    # The token belongs to the other account's grant.
                    await tx.execute("DELETE FROM refresh_tokens WHERE link_id = ?", (link_id,))
                prefs_json = (
                    dump_json(preferences.to_json()) if preferences else old["preferences"]
                )
                await tx.execute(
                    "UPDATE chat_links SET hub_account_id = ?, hub_login_hint = ?, role = ?,"
                    " language = ?, preferences = ?, active = 1, last_seen_at = ? WHERE id = ?",
                    (
                        hub_account_id,
                        first_name_only(hub_login_hint),
                        Role(role).value,
                        Language(language).value,
                        prefs_json,
                        now,
                        link_id,
                    ),
                )
            row = await tx.one("SELECT * FROM chat_links WHERE id = ?", (link_id,))
        assert row is not None
        return link_from_row(row)

    async def get_link(self, member: MemberKey) -> ChatLink | None:
        row = await self._db.one(
            "SELECT * FROM chat_links WHERE channel = ? AND chat_id = ? AND member_id = ?",
            (member.channel, member.chat_id, member.member_id),
        )
        return link_from_row(row) if row else None

    async def get_link_by_id(self, link_id: int) -> ChatLink | None:
        row = await self._db.one("SELECT * FROM chat_links WHERE id = ?", (link_id,))
        return link_from_row(row) if row else None

    async def list_links_for_chat(
        self, chat: ChatKey, *, active_only: bool = True
    ) -> list[ChatLink]:
        rows = await self._db.all(
            "SELECT * FROM chat_links WHERE channel = ? AND chat_id = ?"
            " AND (active = 1 OR ? = 0) ORDER BY id",
            (chat.channel, chat.chat_id, int(active_only)),
        )
        return [link_from_row(r) for r in rows]

    async def list_links_for_account(
        self, hub_account_id: str, *, active_only: bool = True
    ) -> list[ChatLink]:
        rows = await self._db.all(
            "SELECT * FROM chat_links WHERE hub_account_id = ? AND (active = 1 OR ? = 0)"
            " ORDER BY id",
            (hub_account_id, int(active_only)),
        )
        return [link_from_row(r) for r in rows]

    async def list_links(self, *, active_only: bool = True) -> list[ChatLink]:
        rows = await self._db.all(
            "SELECT * FROM chat_links WHERE active = 1 OR ? = 0 ORDER BY id",
            (int(active_only),),
        )
        return [link_from_row(r) for r in rows]

    async def set_preferences(self, link_id: int, preferences: Preferences) -> ChatLink | None:
        rows = await self._db.all(
            "UPDATE chat_links SET preferences = ? WHERE id = ? RETURNING *",
            (dump_json(preferences.to_json()), link_id),
        )
        return link_from_row(rows[0]) if rows else None

    async def set_language(self, link_id: int, language: Language) -> ChatLink | None:
        rows = await self._db.all(
            "UPDATE chat_links SET language = ? WHERE id = ? RETURNING *",
            (Language(language).value, link_id),
        )
        return link_from_row(rows[0]) if rows else None

    async def set_chat_active(self, chat: ChatKey, active: bool) -> int:
        return await self._db.execute(
            "UPDATE chat_links SET active = ? WHERE channel = ? AND chat_id = ? AND active != ?",
            (int(active), chat.channel, chat.chat_id, int(active)),
        )

    async def touch_link(self, link_id: int) -> None:
        await self._db.execute(
            "UPDATE chat_links SET last_seen_at = ? WHERE id = ?", (to_db(self._now()), link_id)
        )

    async def delete_link(self, link_id: int) -> bool:
        return await self._db.execute("DELETE FROM chat_links WHERE id = ?", (link_id,)) > 0
