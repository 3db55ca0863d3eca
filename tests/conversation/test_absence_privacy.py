"""Health information (GDPR): the absence is filed, what was said about health is not.

Neither the Hub's comment nor any file the bot writes (database and its WAL)
may hold the symptom, and the guardian is told why in one sentence.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.testing.conversation import BotHarness

NOW = "2026-11-26T07:30:00+01:00"


def files_containing(folder: Path, word: str) -> list[str]:
    """Every file under the data dir whose bytes hold the word (UTF-8), WAL files included."""
    needle = word.encode()
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes())


async def test_health_details_are_left_out_and_explained(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa har feber och stannar hemma idag")
        assert "GDPR" in said.text and "hälsa" in said.text
        assert "feber" not in said.text
        said = await anna.press("Ja")
        assert "Klart" in said.text and "feber" not in said.text

        assert bot.app.sandbox is not None
        (absence,) = bot.app.sandbox.state()["absences"]
        assert absence["comment"] is None
        assert files_containing(tmp_path, "feber") == []
        # The search does find what the bot keeps: the rest of the message, in the log.
        assert files_containing(tmp_path, "stannar hemma")


async def test_a_later_day_keeps_no_health_text_in_the_job(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Nils kräks, han är hemma på tisdag")
        assert "GDPR" in said.text
        await anna.press("Ja")
        (job,) = await bot.app.store.list_jobs(kind="absence.register")
        assert "kräks" not in repr(job.payload)
        assert files_containing(tmp_path, "kräks") == []

        evening = datetime.fromisoformat("2026-11-30T18:00:00+01:00")
        bot.clock.advance(seconds=(evening - bot.clock.now()).total_seconds())
        await bot.app.tick()
        assert bot.app.sandbox is not None
        (absence,) = bot.app.sandbox.state()["absences"]
        assert (absence["child"], absence["comment"]) == ("Nils", None)
        assert files_containing(tmp_path, "kräks") == []


async def test_the_plain_word_sjuk_needs_no_explanation(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, now=NOW) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("Elsa är sjuk idag")
        assert "GDPR" not in said.text
