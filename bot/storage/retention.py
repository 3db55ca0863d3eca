"""How long each kind of row is kept: one table of rules, used to delete and to tell.

The daily retention job deletes by these rules (`Store.purge_retained`), and
PRIVACY.md says "how long" from the same rules, so what is promised and what is
done cannot drift apart. A rule names the table, the column that dates a row,
how long after that date it may stay, and which rows it covers; rows a rule does
not cover stay while the link they belong to exists (and go with "glöm mig").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Rows(StrEnum):
    """Which rows of a table a rule covers."""

    ALL = "all"
    FINISHED = "finished"  # outbox rows sent or dead; jobs done, failed or cancelled
    INACTIVE = "inactive"  # links of chats that blocked the bot or were left
    EXPIRED = "expired"  # rows whose own expiry (the dating column) has passed


@dataclass(frozen=True, slots=True)
class Rule:
    table: str
    column: str
    keep: timedelta
    rows: Rows = Rows.ALL
    # What PRIVACY.md says; the period is filled in.
    says: str = "{keep} after {what}"
    what: str = ""


LEDGER_KEEP = timedelta(days=60)
AUDIT_KEEP = timedelta(days=365)
FINISHED_WORK_KEEP = timedelta(days=7)
SHORT_KEEP = timedelta(days=1)
INACTIVE_LINK_KEEP = timedelta(days=180)


def retention_rules(retention_days: int) -> tuple[Rule, ...]:
    """Every rule, with the transcript period from the settings (`HUBBOT_RETENTION_DAYS`)."""
    transcripts = timedelta(days=retention_days)
    return (
        Rule("conversation_log", "at", transcripts, what="the message"),
        Rule("support_tickets", "created_at", transcripts, what="the ticket was opened"),
        Rule("console_chat_facts", "learned_at", transcripts, what="it was read"),
        Rule("takeover_claims", "claimed_at", FINISHED_WORK_KEEP, what="the chat was taken over"),
        Rule("staff_sessions", "last_seen_at", SHORT_KEEP, what="the last use"),
        Rule("console_audit", "at", AUDIT_KEEP, what="the action"),
        Rule("console_news", "published_at", AUDIT_KEEP, what="the news was published"),
        Rule(
            "outbox",
            "updated_at",
            FINISHED_WORK_KEEP,
            Rows.FINISHED,
            says="then {keep} after it was sent or given up",
        ),
        Rule("jobs", "updated_at", FINISHED_WORK_KEEP, Rows.FINISHED, says="then {keep}"),
        Rule("pending", "expires_at", timedelta(0), Rows.EXPIRED, says="until it expires"),
        Rule("link_states", "expires_at", timedelta(0), Rows.EXPIRED, says="until it expires"),
        Rule("link_codes", "expires_at", timedelta(0), Rows.EXPIRED, says="until it expires"),
        Rule("last_writes", "at", SHORT_KEEP, what="the change"),
        Rule("link_failures", "at", SHORT_KEEP, what="the attempt"),
        Rule("failures", "at", SHORT_KEEP, what="the attempt"),
        Rule("push_facts", "seen_at", LEDGER_KEEP, what="the fact was seen"),
        Rule("push_reported", "at", LEDGER_KEEP, what="it was reported"),
        Rule("push_daily_alerts", "at", LEDGER_KEEP, what="the alert"),
        Rule("sms_incoming", "at", FINISHED_WORK_KEEP, what="the message came"),
        Rule("sms_sent", "at", FINISHED_WORK_KEEP, what="the message was sent"),
        Rule(
            "sms_numbers",
            "last_seen_at",
            INACTIVE_LINK_KEEP,
            says="{keep} after the number last wrote or was reached",
        ),
        Rule(
            "chat_links",
            "last_seen_at",
            INACTIVE_LINK_KEEP,
            Rows.INACTIVE,
            says="{keep} after it was last reachable, for a chat that can no longer be reached",
        ),
    )


def describe(rule: Rule) -> str:
    """ "30 days after the message", "until it expires"."""
    days = rule.keep.days
    keep = f"{days} day{'s' if days != 1 else ''}" if days else "a few minutes"
    return rule.says.format(keep=keep, what=rule.what)
