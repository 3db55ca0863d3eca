"""A copy of what is kept about one person: complete, their own only, and no secret in it."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.clock import ManualClock
from bot.storage.base import Store
from bot.storage.models import Direction
from bot.storage.sqlite.export import _CHAT_TABLES, _MEMBER_TABLES, SMS_TABLES

from .conftest import GROUP, PRIVATE, link


async def test_a_private_chat_gets_every_row_kept_about_it(
    store: Store, clock: ManualClock
) -> None:
    anna = await link(store, PRIVATE)
    await store.store_refresh_token(anna.id, "the-refresh-token-itself")
    member = PRIVATE.member(None)
    await store.append_log(PRIVATE, Direction.IN, "Elsa är sjuk idag", member_id=None)
    await store.enqueue("k1", PRIVATE, {"kind": "notice", "text": "Klart"})
    await store.put_pending(
        member, "prompt", {"a": 1}, expires_at=clock.now() + timedelta(hours=1)
    )
    copy = await store.export_member(member)
    text = json.dumps(copy, default=str)
    assert "the-refresh-token-itself" not in text
    assert copy["refresh_tokens"][0]["kept"].startswith("the Hub login's refresh token")
    assert [e["text"] for e in copy["conversation_log"]] == ["Elsa är sjuk idag"]
    assert copy["outbox"][0]["payload"]["text"] == "Klart"
    assert copy["pending"][0]["value"] == {"a": 1}
    assert copy["chat_links"][0]["hub_login_hint"] == "Anna"


async def test_a_group_member_gets_their_own_rows_not_the_others(store: Store) -> None:
    await link(store, GROUP, "anna", account="u-anna")
    await link(store, GROUP, "peter", account="u-peter")
    await store.append_log(GROUP, Direction.IN, "från anna", member_id="anna")
    await store.append_log(GROUP, Direction.IN, "från peter", member_id="peter")
    copy = await store.export_member(GROUP.member("anna"))
    assert [e["text"] for e in copy["conversation_log"]] == ["från anna"]
    assert [row["member_id"] for row in copy["chat_links"]] == ["anna"]
    assert "outbox" not in copy  # the group's messages are the group's


def test_every_table_about_a_chat_is_in_the_copy() -> None:
    """A new table with a chat in it must be added to the copy (or this test)."""
    from bot.storage.privacy import schema_tables

    with_chat = {t.name for t in schema_tables() if "chat_id" in t.columns}
    copied = set(_MEMBER_TABLES) | set(_CHAT_TABLES) | set(SMS_TABLES)
    assert with_chat <= copied, with_chat - copied
