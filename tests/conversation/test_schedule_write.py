"""Setting preschool and fritids times and Ledig, within the Hub's rules, as `hub state` shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bot.storage.models import Preferences
from bot.testing.conversation import BotHarness, Chat

THURSDAY = "2026-11-26T07:30:00+01:00"


def times(bot: BotHarness, child: str) -> dict[str, dict[str, Any]]:
    """The guardian-entered days of one child, by date, as `python -m bot hub state` prints them."""
    assert bot.app.sandbox is not None
    return {
        row["date"]: row
        for row in bot.app.sandbox.state()["time_registrations"]
        if row["child"] == child
    }


async def test_one_day_confirmed_then_in_the_hub(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 8-16 på måndag")
        assert "• mån 30 nov: 08:00–16:00" in said.text
        assert said.choices == ["Ja", "Nej"]
        assert times(bot, "Elsa") == {}  # nothing is sent before the answer
        said = await anna.press("Ja")
        assert "Klart" in said.text and "mån 30 nov 08:00–16:00" in said.text
        assert "ångra" in said.text
        row = times(bot, "Elsa")["2026-11-30"]
        assert (row["from"], row["to"], row["on_leave"]) == ("08:00", "16:00", False)


async def test_no_changes_nothing(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 på måndag")
        said = await anna.press("Nej")
        assert "inte ändrat" in said.text
        assert times(bot, "Elsa") == {}


async def test_a_range_and_a_whole_week(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa 8-16 måndag till onsdag")
        await anna.press("Ja")
        assert sorted(times(bot, "Elsa")) == ["2026-11-30", "2026-12-01", "2026-12-02"]
        said = await anna.say("Nils 7.30-16 nästa vecka")
        assert "• fre 4 dec: 07:30–16:00" in said.text
        said = await anna.press("Ja")
        assert "fre 4 dec 07:30–16:00" in said.text
        nils = times(bot, "Nils")
        assert sorted(nils) == [
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04",
        ]
        assert {(r["from"], r["to"]) for r in nils.values()} == {("07:30", "16:00")}


async def test_ledig(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa är ledig på fredag")
        assert "Ledig" in said.text and "fre 27 nov" in said.text
        said = await anna.press("Ja")
        assert "fre 27 nov Ledig" in said.text
        row = times(bot, "Elsa")["2026-11-27"]
        assert row["on_leave"] is True and row["from"] is None


async def test_times_outside_opening_hours_are_refused_with_the_hours(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 6-19 på måndag")
        assert "06:30–18:00" in said.text and "öppettiderna" in said.text
        assert not said.choices
        assert times(bot, "Elsa") == {}


async def test_a_school_closed_day_is_never_booked(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 8-16 vecka 51")
        assert "måndag 14 december: stängt (planeringsdag)" in said.text
        assert "mån 14 dec:" not in said.text
        await anna.press("Ja")
        elsa = times(bot, "Elsa")
        assert "2026-12-14" not in elsa and "2026-12-15" in elsa
        said = await anna.say("Elsa ledig 14/12")
        assert "stängt (planeringsdag)" in said.text and not said.choices
        assert "2026-12-14" not in times(bot, "Elsa")


async def test_a_day_that_passed_before_the_answer_is_named_and_left(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now="2026-11-26T23:50:00+01:00") as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 8-16 idag och imorgon")
        assert "tors 26 nov: 08:00–16:00" in said.text
        bot.clock.advance(minutes=20)  # past midnight: Thursday is over
        said = await anna.press("Ja")
        assert "torsdag 26 november: har redan varit" in said.text
        assert "fre 27 nov 08:00–16:00" in said.text
        assert sorted(times(bot, "Elsa")) == ["2026-11-27"]


async def test_grundsarskola_closes_the_day_before(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        sara = await bot.chat("sara")
        said = await sara.say("Alva 8-15 idag")
        assert "torsdag 26 november: låst – gruppens tider stänger dagen innan" in said.text
        assert not said.choices
        said = await sara.say("Alva 8-15 imorgon")
        assert "fre 27 nov: 08:00–15:00" in said.text and "dagen innan" in said.text
        said = await sara.press("Ja")
        assert "fre 27 nov 08:00–15:00" in said.text and "dagen före" in said.text
        assert sorted(times(bot, "Alva")) == ["2026-11-27"]


async def test_a_change_for_today_takes_a_comment_to_the_staff(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 8-15 idag")
        assert "kommentar till personalen" in said.text
        said = await anna.press("Ja")
        assert "Ingen kommentar" in said.choices
        said = await anna.say("Mormor hämtar henne kl 15")
        assert "Mormor hämtar henne kl 15" in said.text and "Tack" in said.text
        row = times(bot, "Elsa")["2026-11-26"]
        assert (row["from"], row["to"], row["comment"]) == (
            "08:00",
            "15:00",
            "Mormor hämtar henne kl 15",
        )
        comment = await (await _hub(bot, anna)).day_comment(
            await _child(bot, anna, "Elsa"), date(2026, 11, 26)
        )
        assert comment.user_comment == "Mormor hämtar henne kl 15"
        # The log keeps no comment text.
        entries = await bot.app.store.list_log(bot.app.member_of(anna.chat, anna.sender_id).chat)
        assert not any("Mormor" in e.text for e in entries if e.direction == "in")


async def test_no_comment_and_then_the_next_message_is_an_errand_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils 8-15 idag")
        await anna.press("Ja")
        said = await anna.press("Ingen kommentar")
        assert "ingen kommentar" in said.text.casefold()
        said = await anna.say("visa schemat för Nils")
        assert said.text.startswith("Nils, vecka 48:")
        assert times(bot, "Nils")["2026-11-26"]["comment"] is None


async def test_a_new_errand_while_a_comment_is_awaited_is_not_sent_to_staff(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils 8-15 idag")
        await anna.press("Ja")
        said = await anna.say("Elsa 8-16 på måndag")
        assert "• mån 30 nov: 08:00–16:00" in said.text
        said = await anna.say("Elsa är sjuk imorgon")  # no longer awaited: goes to its errand
        assert "Personalen kan nu läsa" not in said.text
        assert times(bot, "Nils")["2026-11-26"]["comment"] is None


async def test_the_comment_may_come_in_the_same_message(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa 8-15 idag, kommentar: hämtas av mormor")
        assert "Kommentar till personalen: ”hämtas av mormor”" in said.text
        said = await anna.press("Ja")
        assert "Ingen kommentar" not in said.choices
        assert times(bot, "Elsa")["2026-11-26"]["comment"] == "hämtas av mormor"


async def test_confirmations_off_writes_at_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        store = bot.app.store
        link = await store.get_link(bot.app.member_of(anna.chat, anna.sender_id))
        assert link is not None
        await store.set_preferences(link.id, Preferences(confirmations=False))
        said = await anna.say("Elsa 8-16 vecka 51")
        assert "Klart" in said.text and "Ja" not in said.choices
        assert "måndag 14 december: stängt (planeringsdag)" in said.text
        assert sorted(times(bot, "Elsa")) == [
            "2026-12-15",
            "2026-12-16",
            "2026-12-17",
            "2026-12-18",
        ]


async def test_undo_puts_the_days_back(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa ledig måndag till onsdag")
        await anna.press("Ja")
        assert times(bot, "Elsa")["2026-12-01"]["on_leave"] is True
        said = await anna.say("ångra")
        assert "Ångrat" in said.text and "tis 1 dec 07:30–16:00" in said.text
        elsa = times(bot, "Elsa")
        assert {(r["from"], r["to"], r["on_leave"]) for r in elsa.values()} == {
            ("07:30", "16:00", False)
        }
        said = await anna.say("ångra")
        assert (
            "inget att ångra" in said.text.casefold() or "nothing to undo" in said.text.casefold()
        )


async def test_a_student_cannot_set_fritids_times(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        nils = await bot.chat("nils")
        said = await nils.say("8-15 imorgon")
        assert "elev" in said.text and "vårdnadshavare" in said.text
        said = await nils.say("ledig fredag")
        assert "elev" in said.text and not said.choices
        assert times(bot, "Nils") == {}


async def _hub(bot: BotHarness, chat: Chat) -> Any:
    link = await bot.app.store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
    assert link is not None
    return await bot.app.hub_for(link)


async def _child(bot: BotHarness, chat: Chat, name: str) -> Any:
    hub = await _hub(bot, chat)
    return next(c for c in await hub.children() if c.first_name == name)


async def test_text_that_may_be_an_errand_is_only_sent_as_comment_when_asked(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path, now=THURSDAY) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils 8-15 idag")
        await anna.press("Ja")
        said = await anna.say("Elsa är sjuk imorgon")
        assert said.choices == ["Skicka som kommentar", "Nej"]
        said = await anna.press("Nej")
        assert "skickade det inte" in said.text
        assert times(bot, "Nils")["2026-11-26"]["comment"] is None
