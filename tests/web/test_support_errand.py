""" "support" in the chat: a ticket with what support needs, and never a question back.

Also the daily retention job that deletes old transcripts and tickets.
"""

from __future__ import annotations

from datetime import timedelta

from bot.jobs.retention import RETENTION_KIND, next_retention_run, run_retention
from bot.storage.models import Direction, JobState, TicketState
from bot.testing.conversation import BotHarness


async def test_asking_for_a_person_opens_a_ticket_without_asking_anything(
    bot: BotHarness,
) -> None:
    anna = await bot.chat("anna")
    await anna.say("Elsa är sjuk idag")
    said = await anna.say("Jag vill prata med en människa")
    assert "supporten" in said
    assert "personnummer" not in said.text.casefold()
    assert "?" not in said.text  # nothing asked back
    chat = bot.app.member_of(anna.chat, anna.sender_id).chat
    ticket = await bot.app.store.current_ticket(chat)
    assert ticket is not None and ticket.state is TicketState.OPEN
    link = await bot.app.store.get_link(chat.member())
    assert link is not None and ticket.hub_account_id == link.hub_account_id
    assert {c["name"] for c in ticket.children} == {"Elsa", "Nils"}
    # Both children have attendance rows on the Hub, which name their schools.
    assert ticket.schools == ("Förskolan Solrosen", "Nordskolan")
    texts = [m["text"] for m in ticket.last_messages]
    assert texts[-1] == "Jag vill prata med en människa"
    assert any("Elsa" in t for t in texts)
    # The message is flagged in the log, for the console's list.
    entries = await bot.app.store.list_log(chat, limit=5)
    asked = [e for e in entries if e.direction == Direction.IN and e.intent == "support"]
    assert asked and "asked_human" in asked[0].flags


async def test_asking_twice_keeps_one_ticket(bot: BotHarness) -> None:
    anna = await bot.chat("anna")
    await anna.say("support")
    again = await anna.say("support")
    assert "redan" in again
    tickets = await bot.app.store.list_current_tickets()
    assert len(tickets) == 1


async def test_ticket_lines_are_masked(bot: BotHarness) -> None:
    anna = await bot.chat("anna")
    await anna.say("mitt nummer är 070-123 45 67 och mejl anna@example.se")
    await anna.say("support")
    (ticket,) = await bot.app.store.list_current_tickets()
    joined = " ".join(m["text"] for m in ticket.last_messages)
    assert "070" not in joined and "anna@example.se" not in joined
    assert "[telefon]" in joined and "[e-post]" in joined


async def test_retention_deletes_old_transcripts_and_tickets_and_runs_again_tomorrow(
    bot: BotHarness,
) -> None:
    store = bot.app.store
    anna = await bot.chat("anna")
    await anna.say("support")
    chat = bot.app.member_of(anna.chat, anna.sender_id).chat
    bot.clock.advance(days=bot.settings.retention_days - 1)
    await anna.say("hjälp")
    bot.clock.advance(days=2)
    job = await store.add_job(RETENTION_KIND, {}, run_at=bot.clock.now())
    await run_retention(bot.app.deps, job.item)

    left = await store.list_log(chat, limit=100)
    assert left, "the recent messages stay"
    assert all(e.at >= bot.clock.now() - timedelta(days=bot.settings.retention_days) for e in left)
    assert not any(e.intent == "support" for e in left)
    assert await store.current_ticket(chat) is None
    queued = await store.list_jobs(kind=RETENTION_KIND, states=(JobState.PENDING,))
    assert any(j.run_at == next_retention_run(bot.clock.now()) for j in queued)


async def test_the_job_runner_knows_the_retention_job(bot: BotHarness) -> None:
    assert RETENTION_KIND in bot.app.jobs.handlers
