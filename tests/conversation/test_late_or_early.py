"""Coming late and being picked up early, against the sandbox Hub (issue 11).

The clock starts on Thursday 26 November 2026, 07:30. anna has Elsa (preschool,
07:30–16:00 on Thursdays, 07:30–15:00 on Fridays) and Nils (year 4 with fritids,
07:15–16:30); lina has Saga (year 7, no fritids), Noah (year 1, fritids) and Ali
(preschool); sara has Alva (grundsärskola, whose fritids times close the day before).
What the Hub holds afterwards is read from the sandbox Hub's state.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from bot.storage.models import Language
from bot.testing.conversation import BotHarness, Chat

NOW = "2026-11-26T07:30:00+01:00"
TODAY, TOMORROW = "2026-11-26", "2026-11-27"


def hub(bot: BotHarness, key: str) -> list[dict[str, Any]]:
    assert bot.app.sandbox is not None
    return bot.app.sandbox.state()[key]


def times(bot: BotHarness, child: str) -> list[tuple[str, str | None, str | None]]:
    """The guardian-entered days of one child's schedule: (date, start, end)."""
    return [
        (row["date"], row["from"], row["to"])
        for row in hub(bot, "time_registrations")
        if row["child"] == child
    ]


async def set_link(bot: BotHarness, chat: Chat, **changes: Any) -> None:
    store = bot.app.store
    link = await store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
    assert link is not None
    if "language" in changes:
        await store.set_language(link.id, changes.pop("language"))
    if changes:
        await store.set_preferences(link.id, dataclasses.replace(link.preferences, **changes))


@pytest.mark.parametrize(
    ("message", "day", "start", "end"),
    [
        ("Elsa kommer 9 idag", TODAY, "09:00", "16:00"),
        ("vi hämtar Elsa 14 idag", TODAY, "07:30", "14:00"),
        ("Elsa comes at 9 today", TODAY, "09:00", "16:00"),
        ("elsa kommer först 9.30 imorgon", TOMORROW, "09:30", "15:00"),
    ],
)
async def test_a_preschool_child_gets_the_days_times_changed(
    tmp_path: Path, message: str, day: str, start: str, end: str
) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say(message)
        assert "Elsa" in said.text and start in said.text and end in said.text
        assert said.choices[0] in ("Ja", "Yes") and len(said.choices) == 2
        await anna.press(said.choices[0])
        assert times(bot, "Elsa") == [(day, start, end)]
        assert hub(bot, "absences") == []  # a changed day, not an absence


async def test_the_reply_says_why_it_is_the_schedule(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa kommer 9 idag")
        assert "förskoleschema" in said.text and "i stället för" in said.text
        said = await anna.press("Ja")
        # A change for today: the staff may get a comment about it.
        assert said.choices == ["Ingen kommentar"]


async def test_a_school_child_without_fritids_is_reported_absent(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        lina = await bot.chat("lina")
        said = await lina.say("Saga kommer 9 idag")
        assert "Anmäla Saga frånvarande idag" in said.text and "till 09:00" in said.text
        await lina.press("Ja")
        (absence,) = hub(bot, "absences")
        assert (absence["child"], absence["span"]) == ("Saga", {"from": None, "to": "09:00"})
        assert times(bot, "Saga") == []


async def test_a_school_child_with_fritids_gets_both_and_is_told(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("vi hämtar Nils 14 idag")
        assert "skolan och på fritids" in said.text
        assert "07:15–14:00" in said.text and "från 14:00" in said.text
        assert said.choices == ["Ja", "Bara skolan", "Bara fritids", "Nej"]
        said = await anna.press("Ja")
        assert "Klart: Nils är anmäld frånvarande idag" in said.text
        (absence,) = hub(bot, "absences")
        assert (absence["child"], absence["span"]) == ("Nils", {"from": "14:00", "to": None})
        assert times(bot, "Nils") == [(TODAY, "07:15", "14:00")]


@pytest.mark.parametrize(
    ("button", "absent", "changed"),
    [("Bara skolan", True, False), ("Bara fritids", False, True), ("Nej", False, False)],
)
async def test_each_part_alone(tmp_path: Path, button: str, absent: bool, changed: bool) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils kommer 9 imorgon")
        await anna.press(button)
        assert bool(hub(bot, "absences")) is absent
        assert times(bot, "Nils") == ([(TOMORROW, "09:00", "15:30")] if changed else [])


async def test_a_family_with_every_kind_of_child(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        lina = await bot.chat("lina")
        said = await lina.say("barnen kommer 9 imorgon")
        assert "Ali" in said.text and "Noah" in said.text and "Saga" in said.text
        await lina.press("Ja")
        assert sorted(a["child"] for a in hub(bot, "absences")) == ["Noah", "Saga"]
        assert times(bot, "Ali") == [(TOMORROW, "09:00", "16:30")]
        assert times(bot, "Noah") == [(TOMORROW, "09:00", "16:15")]


async def test_fritids_that_closes_the_day_before_keeps_today(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        sara = await bot.chat("sara")
        said = await sara.say("Alva kommer 9 idag")
        assert "dagen innan" in said.text  # why the fritids times stay
        assert said.choices == ["Ja", "Nej"]  # only the lessons are left to report
        await sara.press("Ja")
        (absence,) = hub(bot, "absences")
        assert (absence["child"], absence["span"]) == ("Alva", {"from": None, "to": "09:00"})
        assert times(bot, "Alva") == []


async def test_tomorrow_is_still_open_for_that_fritids(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        sara = await bot.chat("sara")
        said = await sara.say("Alva kommer 9 imorgon")
        assert said.choices == ["Ja", "Bara skolan", "Bara fritids", "Nej"]
        await sara.press("Bara fritids")
        assert times(bot, "Alva") == [(TOMORROW, "09:00", "16:00")]


async def test_a_standing_absence_is_narrowed_not_doubled(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk imorgon")
        await anna.press("Ja")
        said = await anna.say("Elsa kommer 10 imorgon")
        assert "frånvarande" in said.text and "till 10:00" in said.text
        await anna.press("Ja")
        (absence,) = hub(bot, "absences")
        assert absence["span"] == {"from": None, "to": "10:00"}
        assert times(bot, "Elsa") == []


async def test_confirmations_off_does_both_at_once_and_says_which(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await set_link(bot, anna, confirmations=False)
        said = await anna.say("Nils kommer 9 imorgon")
        assert "skolan och på fritids" in said.text and "Klart" in said.text
        assert [a["child"] for a in hub(bot, "absences")] == ["Nils"]
        assert times(bot, "Nils") == [(TOMORROW, "09:00", "15:30")]


async def test_english(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await set_link(bot, anna, language=Language("en"))
        said = await anna.say("we pick up Nils at 14 today")
        assert "school and to fritids" in said.text
        assert said.choices == ["Yes", "Only school", "Only fritids", "No"]
