"""Every text of the guardian's that reaches the Hub passes the health guard, and the
transcript keeps only masked text, also where the bot's reply quotes the guardian.

The comment to the staff, a reply to a teacher and a leave request are the Hub-bound
texts besides the absence report (tests/conversation/test_absence_privacy.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.hub.interface import HubClient
from bot.hub.models import Child
from bot.storage.models import Direction
from bot.testing.conversation import BotHarness, Chat

THURSDAY = "2026-11-26T07:30:00+01:00"


def files_containing(folder: Path, word: str) -> list[str]:
    needle = word.encode()
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes())


async def _hub_and_child(bot: BotHarness, chat: Chat, name: str) -> tuple[HubClient, Child]:
    link = await bot.app.store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
    assert link is not None
    hub = await bot.app.hub_for(link)
    return hub, next(c for c in await hub.children() if c.first_name == name)


async def _log(bot: BotHarness, chat: Chat) -> list[tuple[str, str]]:
    entries = await bot.app.store.list_log(bot.app.member_of(chat.chat, chat.sender_id).chat)
    return [(str(e.direction), e.text) for e in reversed(entries)]


def _day_comment(bot: BotHarness, child: str, day: str) -> str | None:
    assert bot.app.sandbox is not None
    rows = bot.app.sandbox.state()["time_registrations"]
    return next(r["comment"] for r in rows if r["child"] == child and r["date"] == day)


async def test_a_comment_to_the_staff_goes_without_its_health_details(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-15 idag")
        await anna.press("Ja")
        said = await anna.say("Mormor hämtar henne kl 15, hon har halsfluss")
        assert "GDPR" in said.text and "hälsa" in said.text
        assert "halsfluss" not in said.text and "Tack" in said.text
        assert _day_comment(bot, "Elsa", "2026-11-26") == "Mormor hämtar henne kl 15"
        hub, elsa = await _hub_and_child(bot, anna, "Elsa")
        assert (await hub.day_comment(elsa, date(2026, 11, 26))).user_comment == (
            "Mormor hämtar henne kl 15"
        )
        # Neither the comment nor the reply that quotes it is in the transcript.
        logged = await _log(bot, anna)
        assert ("in", "[comment to staff]") in logged
        assert not any("Mormor" in text or "halsfluss" in text for _, text in logged)
        assert files_containing(tmp_path, "halsfluss") == []


async def test_a_comment_only_about_health_is_not_sent(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils 8-15 idag")
        await anna.press("Ja")
        said = await anna.say("han har feber och ont i magen")
        assert "GDPR" in said.text and "inte skickat" in said.text
        assert _day_comment(bot, "Nils", "2026-11-26") is None
        assert files_containing(tmp_path, "feber") == []


async def test_an_inline_comment_loses_its_health_details(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa ledig fredag, kommentar: mormor hämtar, hon har vattkoppor")
        assert "GDPR" in said.text and "vattkoppor" not in said.text
        assert "Kommentar till personalen: ”mormor hämtar”" in said.text
        await anna.press("Ja")
        assert _day_comment(bot, "Elsa", "2026-11-27") == "mormor hämtar"
        assert not any("vattkoppor" in text for _, text in await _log(bot, anna))


async def test_a_reply_to_a_teacher_goes_without_its_health_details(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("meddelanden")
        await anna.press("Maja Ström: Extra kläder")
        await anna.press("Svara")
        asked = await anna.say("Vi tar med byxor på måndag, hon har fått astmamedicin.")
        assert "GDPR" in asked.text and "astmamedicin" not in asked.text
        assert "Vi tar med byxor på måndag." in asked.text  # what goes, shown before it goes
        sent = await anna.press("Ja")
        assert "är skickat" in sent.text

        hub, elsa = await _hub_and_child(bot, anna, "Elsa")
        outbox = await hub.messages(inbox=False, child=elsa)
        reply = next(m for m in outbox.items if m.message_subject == "Sv: Extra kläder")
        body = (await hub.message(reply.id, elsa)).message_body_plain_text
        assert body == "Vi tar med byxor på måndag."
        logged = await _log(bot, anna)
        assert not any("på måndag" in text or "astma" in text for _, text in logged)
        assert files_containing(tmp_path, "astmamedicin") == []


async def test_a_reply_only_about_health_is_not_sent(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("meddelanden")
        await anna.press("Maja Ström: Extra kläder")
        await anna.press("Svara")
        said = await anna.say("Elsa har fått diagnosen celiaki")
        assert "inte skickat" in said.text and said.choices == []
        hub, elsa = await _hub_and_child(bot, anna, "Elsa")
        outbox = await hub.messages(inbox=False, child=elsa)
        assert not any(m.message_subject == "Sv: Extra kläder" for m in outbox.items)


async def test_a_leave_request_carries_no_health_text(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa är hemma på tisdag, hon ska till BVC")
        assert "GDPR" in said.text and "BVC" not in said.text
        said = await anna.press("Ledighetsansökan")
        assert "ledighetsansökan skickad för Elsa" in said.text
        hub, elsa = await _hub_and_child(bot, anna, "Elsa")
        (request,) = await hub.leave_requests(elsa)
        assert not request.comment
        assert files_containing(tmp_path, "BVC") == []


async def test_replies_that_quote_what_the_guard_dropped_are_masked(tmp_path: Path) -> None:
    """A question that quotes the guardian ("Shall I send “…”?") keeps no hidden words."""
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils 8-15 idag")
        await anna.press("Ja")
        # Names a child and reads as an errand: the bot asks before sending it as a comment.
        said = await anna.say("Nils är sjuk imorgon, han hostar")
        assert "Skicka som kommentar" in said.choices and "hostar" not in said.text
        said = await anna.press("Skicka som kommentar")
        assert "Tack" in said.text
        logged = await _log(bot, anna)
        assert not any("hostar" in text for _, text in logged)
        assert not any("sjuk imorgon" in text for d, text in logged if d == Direction.OUT)
