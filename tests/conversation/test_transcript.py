"""The transcript helper: quoted words found again, whatever their case and spacing."""

from __future__ import annotations

from datetime import datetime

from bot.conversation.transcript import health_spans, quote_spans, spans_to_mask
from bot.nlu import parse
from bot.storage.redact import redact

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")


def test_quotes_are_found_case_and_spacing_aside() -> None:
    text = "Tack! Personalen kan nu läsa: ”Mormor  hämtar kl 15”"
    spans = quote_spans(text, ["mormor hämtar kl 15"])
    assert redact(text, spans) == "Tack! Personalen kan nu läsa: ”[dolt]”"


def test_short_quotes_are_not_looked_for() -> None:
    assert quote_spans("ja, ok", ["ja", "ok", ""]) == []


def test_the_parsers_health_spans_reach_further_than_single_words() -> None:
    text = "Elsa är hemma, hon bröt armen i går"
    spans = health_spans(parse, text, NOW, ["Elsa"])
    assert redact(text, spans).startswith("Elsa är hemma, ")
    assert "armen" not in redact(text, spans)
    assert spans_to_mask(parse, "", NOW) == []
