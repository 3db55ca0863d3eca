"""Reporting absence for today and tomorrow, as a guardian says it in the chat.

The clock starts on Thursday 26 November 2026, 07:30; anna has Nils (year 4)
and Elsa (preschool). What the Hub holds afterwards is read from the sandbox
Hub's state, the same JSON `python -m bot hub state` prints.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from bot.storage.models import Language
from bot.testing.conversation import BotHarness, Chat

NOW = "2026-11-26T07:30:00+01:00"


def absences(bot: BotHarness) -> list[dict[str, Any]]:
    assert bot.app.sandbox is not None
    return bot.app.sandbox.state()["absences"]


async def set_link(bot: BotHarness, chat: Chat, **changes: Any) -> None:
    store = bot.app.store
    member = bot.app.member_of(chat.chat, chat.sender_id)
    link = await store.get_link(member)
    assert link is not None
    if "language" in changes:
        await store.set_language(link.id, changes.pop("language"))
    if changes:
        await store.set_preferences(link.id, dataclasses.replace(link.preferences, **changes))


async def test_report_today_after_yes_stands_on_the_hub(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa är sjuk idag")
        assert "Anmäla Elsa frånvarande idag" in said.text
        assert said.choices == ["Ja", "Nej"]
        assert absences(bot) == []  # nothing before the guardian says yes

        said = await anna.press("Ja")
        assert "Klart: Elsa är anmäld frånvarande idag" in said.text
        assert "hela dagen" in said.text
        assert absences(bot) == [
            {
                "child": "Elsa",
                "date": "2026-11-26",
                "span": "full_day",
                "comment": None,
                "reported_by": "anna",
            }
        ]


async def test_typed_ja_answers_like_the_button(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Nils är sjuk imorgon")
        said = await anna.say("ja")
        assert "Klart" in said.text
        assert [(a["child"], a["date"]) for a in absences(bot)] == [("Nils", "2026-11-27")]


@pytest.mark.parametrize(
    ("message", "child", "day", "span", "said_part"),
    [
        (
            "Nils går hem 13 idag",
            "Nils",
            "2026-11-26",
            {"from": "13:00", "to": None},
            "från 13:00",
        ),
        ("frånvaro Elsa fm imorgon", "Elsa", "2026-11-27", "morning", "på förmiddagen"),
        ("Nils är sjuk i eftermiddag", "Nils", "2026-11-26", "afternoon", "på eftermiddagen"),
        (
            "frånvaro Nils 8-10 imorgon",
            "Nils",
            "2026-11-27",
            {"from": "08:00", "to": "10:00"},
            "08:00–10:00",
        ),
    ],
)
async def test_part_of_a_day(
    tmp_path: Path, message: str, child: str, day: str, span: Any, said_part: str
) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say(message)
        assert said_part in said.text and child in said.text
        said = await anna.press("Ja")
        assert said_part in said.text  # read back from the Hub
        (absence,) = absences(bot)
        assert (absence["child"], absence["date"], absence["span"]) == (child, day, span)


async def test_two_children_in_one_message(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa och Nils är sjuka idag")
        assert "Elsa" in said.text and "Nils" in said.text
        assert len([r for r in said.replies if r.choices]) == 1  # one confirmation for both
        said = await anna.press("Ja")
        assert said.text.count("Klart") == 2
        assert sorted((a["child"], a["date"]) for a in absences(bot)) == [
            ("Elsa", "2026-11-26"),
            ("Nils", "2026-11-26"),
        ]


async def test_no_child_named_asks_which(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("sjuk imorgon")
        assert "Vilket barn" in said.text
        assert sorted(said.choices) == ["Alla", "Elsa", "Nils"]
        said = await anna.press("Nils")
        assert "Anmäla Nils frånvarande imorgon" in said.text
        await anna.press("Ja")
        assert [a["child"] for a in absences(bot)] == ["Nils"]


async def test_all_children_from_the_choice(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        lina = await bot.chat("lina")
        said = await lina.say("hemma idag")
        assert sorted(said.choices) == ["Ali", "Alla", "Noah", "Saga"]
        await lina.press("Alla")
        await lina.press("Ja")
        assert sorted(a["child"] for a in absences(bot)) == ["Ali", "Noah", "Saga"]


async def test_no_means_nothing_is_written(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        said = await anna.press("Nej")
        assert "inte anmält" in said.text
        assert absences(bot) == []
        assert bot.app.sandbox is not None
        assert bot.app.sandbox.reads("registerAttendance") == 0


async def test_confirmations_off_writes_at_once(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        lina = await bot.chat("lina")
        await set_link(bot, lina, confirmations=False)
        said = await lina.say("Saga kommer 10 imorgon")
        assert said.choices == []
        assert "Klart: Saga är anmäld frånvarande imorgon" in said.text
        assert absences(bot)[0]["span"] == {"from": None, "to": "10:00"}


async def test_already_reported_is_said_not_sent_again(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await anna.say("Elsa är sjuk idag")
        await anna.press("Ja")
        said = await anna.say("Elsa är sjuk idag")
        assert "redan anmäld" in said.text and said.choices == []
        assert bot.app.sandbox is not None
        assert bot.app.sandbox.reads("registerAttendance") == 1


async def test_a_day_that_has_passed(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa var sjuk igår")
        assert "Igår" in said.text and "redan varit" in said.text
        assert said.choices == []


async def test_student_is_refused_without_asking_the_hub(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        nils = await bot.chat("nils")
        said = await nils.say("jag är sjuk idag")
        assert "elev" in said.text and "vårdnadshavare" in said.text
        assert said.choices == []
        assert bot.app.sandbox is not None
        assert bot.app.sandbox.reads("registerAttendance") == 0
        assert absences(bot) == []


async def test_group_chat_member_reports_for_their_child(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna", chat_id="family", group=True)
        await anna.say("Nils är sjuk idag")
        said = await anna.press("Ja")
        assert "Klart" in said.text
        assert [a["reported_by"] for a in absences(bot)] == ["anna"]


async def test_english_chat_gets_english(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        await set_link(bot, anna, language=Language("en"))
        said = await anna.say("Elsa is sick tomorrow")
        assert "Report Elsa absent tomorrow (Fri 27 Nov), the whole day?" in said.text
        assert said.choices == ["Yes", "No"]
        said = await anna.press("Yes")
        assert "Done: Elsa is reported absent tomorrow" in said.text
