"""Retention by the rules: age the database with the clock, and nothing older than its period stays.

Every table a rule names gets rows the way the bot writes them (through the
store), the clock moves on far past every period, the daily run deletes, and a
direct look into the file finds no covered row older than its rule allows. Rows
no rule covers (a link still in use) are still there.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.settings import Settings
from bot.storage.base import Store
from bot.storage.models import ChatKey, Direction, Language, LinkGrant, Role, StaffRole
from bot.storage.retention import Rows, retention_rules
from bot.storage.sqlite.codec import to_db

from .conftest import PRIVATE, link

GONE_CHAT = ChatKey("telegram", "3003")
COVERS = {
    Rows.ALL: "1",
    Rows.FINISHED: "state IN ('sent', 'dead', 'done', 'failed', 'cancelled')",
    Rows.INACTIVE: "active = 0",
    Rows.EXPIRED: "1",
}


async def _write_everything(store: Store, clock: ManualClock) -> None:
    """One or more rows in every table a retention rule names, as the bot writes them."""
    anna = await link(store, PRIVATE)
    await store.store_refresh_token(anna.id, "refresh-anna")
    gone = await link(store, GONE_CHAT, account="u-gone")
    await store.store_refresh_token(gone.id, "refresh-gone")
    await store.set_chat_active(GONE_CHAT, False)
    member = PRIVATE.member(None)
    await store.append_log(PRIVATE, Direction.IN, "Elsa är sjuk idag", member_id=None)
    await store.open_ticket(
        member, hub_account_id="u-anna", children=[{"name": "Elsa"}], schools=["Solrosen"],
        last_messages=[{"text": "support"}],
    )  # fmt: skip
    await store.set_chat_schools(PRIVATE, ["Solrosen"])
    await store.claim_chat(PRIVATE, staff_login="support", staff_name="Kim")
    await store.create_staff_session(
        login="support", display_name="Kim", role=StaffRole.SUPPORT, municipality="vanersborg",
        hub_token="staff-token",
    )  # fmt: skip
    await store.add_audit(actor="support", role="support", action="claim", chat=PRIVATE)
    await store.record_published_news(
        hub_news_id="n1", staff_login="larare", group_name="4B", title="Utflykt"
    )
    sent = await store.enqueue("k-sent", PRIVATE, {"kind": "notice", "text": "Klart"})
    await store.enqueue("k-waiting", PRIVATE, {"kind": "notice", "text": "Väntar"})
    await store.claim_due(10, now=clock.now(), chat=PRIVATE)
    await store.mark_sent(sent.item.id)
    now = clock.now()
    done = await store.add_job(
        "later", {"child": "Elsa", "date": "2026-12-01"}, chat=PRIVATE, run_at=now
    )
    await store.claim_due_jobs(10, now=now)
    await store.complete_job(done.item.id)
    await store.add_job("later", {"child": "Nils"}, chat=PRIVATE, run_at=now + timedelta(days=500))
    await store.put_pending(
        member, "prompt", {"text": "Elsa är sjuk"}, expires_at=now + timedelta(minutes=30)
    )
    await store.create_link_state(member)
    grant = LinkGrant("u-anna", Role.GUARDIAN, Language("sv"), "Anna", "refresh-pending")
    await store.create_link_code(grant, code="a-one-time-link-code-1234")
    await store.record_last_write(member, {"errand": "absence"}, at=now)
    await store.record_link_failure(PRIVATE)
    await store.record_failure("console-account", "support")
    await store.record_facts(["fact-1"], child_id="3100101")
    await store.record_reported(PRIVATE, ["fact-1"])
    await store.claim_daily_alert("3100101", date(2026, 11, 26), "fact-1")
    number = await store.remember_sms_number("+46701234567")
    await store.claim_sms_incoming("s-in-1", stale_after=timedelta(minutes=1))
    await store.record_sms_sent("s-out-1", number.chat_id, 1)


def _counts(db: Path, now_db: str | None = None) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        found: dict[str, int] = {}
        for rule in retention_rules(30):
            if now_db is None:
                sql = f"SELECT COUNT(*) FROM {rule.table}"
                found[rule.table] = conn.execute(sql).fetchone()[0]
            else:
                cutoff = conn.execute(
                    "SELECT strftime('%Y-%m-%dT%H:%M:%f', ?, ?)",
                    (now_db, f"-{int(rule.keep.total_seconds())} seconds"),
                ).fetchone()[0]
                sql = (
                    f"SELECT COUNT(*) FROM {rule.table} WHERE {COVERS[rule.rows]}"
                    f" AND {rule.column} < ?"
                )
                found[rule.table] = conn.execute(sql, (cutoff,)).fetchone()[0]
        return found


async def test_aged_past_every_period_nothing_is_older_than_its_rule(
    store: Store, settings: Settings, clock: ManualClock
) -> None:
    await _write_everything(store, clock)
    before = _counts(settings.bot_db_path)
    assert all(before[table] > 0 for table in before), before  # every rule has rows to judge

    clock.advance(days=400)
    removed = await store.purge_retained(retention_rules(settings.retention_days))
    assert sum(removed.values()) > 0
    older = _counts(settings.bot_db_path, now_db=to_db(clock.now()))
    assert older == dict.fromkeys(older, 0), older

    # What no rule covers stays: the link in use, its token, the message still waiting.
    assert await store.get_link(PRIVATE.member(None)) is not None
    link_row = await store.get_link(PRIVATE.member(None))
    assert link_row is not None and await store.get_refresh_token(link_row.id) is not None
    assert await store.get_link(GONE_CHAT.member(None)) is None
    assert [i.payload["text"] for i in await store.list_outbox(PRIVATE)] == ["Väntar"]


async def test_within_the_periods_nothing_goes(
    store: Store, settings: Settings, clock: ManualClock
) -> None:
    await _write_everything(store, clock)
    clock.advance(hours=1)
    removed = await store.purge_retained(retention_rules(settings.retention_days))
    # An hour on, only what has its own expiry (a prompt: 30 minutes, a link page and a link
    # code: 10).
    assert {t: n for t, n in removed.items() if n} == {
        "pending": 1,
        "link_states": 1,
        "link_codes": 1,
    }
    clock.advance(days=settings.retention_days - 1)
    removed = await store.purge_retained(retention_rules(settings.retention_days))
    assert removed["conversation_log"] == 0 and removed["console_audit"] == 0
    clock.advance(days=2)
    removed = await store.purge_retained(retention_rules(settings.retention_days))
    assert removed["conversation_log"] == 1 and removed["support_tickets"] == 1
    assert removed["console_audit"] == 0  # the audit log keeps a year
