"""Assessments and documentation: the BankID link, never the content."""

from __future__ import annotations

from pathlib import Path

from bot.storage.models import Direction
from bot.testing.conversation import BotHarness

# What the sandbox's assessment and documentation boxes hold about Nils.
SECURE_TEXTS = (
    "Bråk och decimaltal",
    "goda kunskaper om bråk",
    "Godtagbara kunskaper",
    "läser med flyt",
    "Individuell utvecklingsplan",
    "träna på multiplikation",
)


async def test_secure_content_gets_the_bankid_link_and_nothing_of_the_box(
    tmp_path: Path,
) -> None:
    async with BotHarness.started(tmp_path) as bot:
        sandbox = bot.app.sandbox
        assert sandbox is not None
        anna = await bot.chat("anna")
        for question in ("visa Nils bedömning", "vilka betyg har Nils", "extra anpassningar"):
            said = await anna.say(question)
            urls = [c.url for r in said.replies for c in r.choices if c.url]
            assert urls == [f"{sandbox.base_url}/sso/bankid?ReturnUrl=/assessmentv2/assessmentv2"]
            assert "Logga in med BankID" in said.choices
            assert "BankID" in said.text and "aldrig" in said.text
            assert not any(secret.casefold() in said.text.casefold() for secret in SECURE_TEXTS)
        documentation = await anna.say("visa Nils dokumentation")
        urls = [c.url for r in documentation.replies for c in r.choices if c.url]
        assert urls and urls[0].endswith("ReturnUrl=/documentation/documentation")
        # Never fetched: the boxes were not even asked.
        assert sandbox.reads("assessment") == 0 and sandbox.reads("documentation") == 0

        chat = bot.app.member_of(anna.chat, anna.sender_id).chat
        incoming = [e for e in await bot.app.store.list_log(chat) if e.direction == Direction.IN]
        assert all("secure_refusal" in e.flags for e in incoming)
