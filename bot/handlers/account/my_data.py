""" "vad har du sparat om mig": a copy of everything kept about this chat (GDPR article 15).

The copy is the store's own (`Store.export_member`), table by table, so it can
hold nothing the bot does not keep and miss nothing it does. The chat gets a
readable summary first, one line per kind of data with how much there is; the
whole copy, as the rows themselves, is one button away. Secrets are named, never
shown (the store leaves them out), and the transcript is the masked one.

The copy is not written back into the transcript: it would copy the log into the
log each time it is asked for. Only in a private chat, like "glöm mig".
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.clock import STOCKHOLM
from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.i18n import N_, format_day_short, format_time
from bot.nlu import ParseResult
from bot.storage.models import Role

ERRAND_NAME = "my_data"
FULL_COPY = "full_copy"
# A chat message holds about 4000 characters; the copy is sent in parts below that.
PART_SIZE = 3500

# table -> what it is, for the person: the order is the order of the summary.
KINDS: Mapping[str, str] = {
    "chat_links": N_("The link between this chat and your Hub account"),
    "refresh_tokens": N_("Your Hub login (a token, kept encrypted, never shown)"),
    "conversation_log": N_("The conversation log (identity numbers, phones, health masked)"),
    "pending": N_("Questions waiting for your answer"),
    "jobs": N_("Errands queued for later"),
    "last_writes": N_("What “ångra” can take back"),
    "link_states": N_("Link pages opened"),
    "support_tickets": N_("Support tickets"),
    "outbox": N_("Messages on their way to you"),
    "link_failures": N_("Failed link attempts"),
    "takeover_claims": N_("Support taking over this chat"),
    "console_chat_facts": N_("Schools, as the Hub named them"),
    "push_reported": N_("Notices already sent (so none is sent twice)"),
    "console_audit": N_("Support staff opening this chat"),
}

ROLES: Mapping[str, str] = {Role.GUARDIAN: N_("a guardian"), Role.STUDENT: N_("a student")}


def _when(value: Any, ctx: ErrandContext) -> str:
    """A stored time as a short day and time; anything else as it is."""
    try:
        at = datetime.fromisoformat(str(value)).astimezone(STOCKHOLM)
    except ValueError:
        return str(value)
    return f"{format_day_short(at.date(), ctx.lang)} {format_time(at, ctx.lang)}"


def _span(rows: Sequence[Mapping[str, Any]], ctx: ErrandContext) -> str:
    times = sorted(str(r["at"]) for r in rows if r.get("at"))
    if not times:
        return ""
    return ctx._(
        ", from {first} to {last}", first=_when(times[0], ctx), last=_when(times[-1], ctx)
    )


def summary(ctx: ErrandContext, copy: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """One line per kind of data: what it is and how much of it there is."""
    lines = [ctx._("This is everything I keep about you in this chat:")]
    for table, msgid in KINDS.items():
        rows = copy.get(table)
        if not rows:
            continue
        line = f"• {ctx._(msgid)}: {len(rows)}"
        if table == "conversation_log":
            line += _span(rows, ctx)
        lines.append(line)
    for table in sorted(set(copy) - set(KINDS)):
        if copy[table]:
            lines.append(f"• {table}: {len(copy[table])}")
    for link in copy.get("chat_links", ()):
        lines.append(
            ctx._(
                "Linked since {created}, last used {seen}; language {language}, as {role}.",
                created=_when(link.get("created_at"), ctx),
                seen=_when(link.get("last_seen_at"), ctx),
                language=str(link.get("language")),
                role=ctx._(ROLES.get(str(link.get("role")), str(link.get("role")))),
            )
        )
    lines.append(
        ctx._(
            "I keep no identity number. Nothing on the Hub is part of this copy: that is the "
            "school's. Write “radera mina uppgifter” to have all of this deleted."
        )
    )
    return "\n".join(lines)


def parts(copy: Mapping[str, Any]) -> list[str]:
    """The whole copy as JSON, cut between lines into messages a chat can carry."""
    text = json.dumps(copy, ensure_ascii=False, indent=1, default=str, sort_keys=True)
    out: list[str] = []
    current = ""
    for line in text.splitlines():
        while len(line) > PART_SIZE:
            if current:
                out.append(current)
                current = ""
            out.append(line[:PART_SIZE])
            line = line[PART_SIZE:]
        if current and len(current) + 1 + len(line) > PART_SIZE:
            out.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out


class MyDataErrand:
    name = ERRAND_NAME
    intents = frozenset({ERRAND_NAME})
    private_only = True
    help: tuple[HelpLine, ...] = (
        HelpLine(10, ERRAND_NAME, N_("• “vad har du sparat om mig” – a copy of what I keep")),
    )

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        copy = await ctx.store.export_member(ctx.member)
        options = [Option(ctx._("Show the whole copy"), FULL_COPY)]
        return [Prompt(self.name, summary(ctx, copy), options)]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action != FULL_COPY:
            return []
        copy = await ctx.store.export_member(ctx.member)
        pieces = parts(copy)
        # The copy holds the log; logging it again would copy the log into itself.
        ctx.hide_in_log(*pieces)
        intro = ctx._("The whole copy, {n} part(s), exactly as stored:", n=str(len(pieces)))
        return [Reply(intro), *(Reply(piece) for piece in pieces)]


__all__ = ["KINDS", "MyDataErrand", "parts", "summary"]
