"""The held-out corpus: written from the contract alone, before the parser was read.

It measures how the parser generalises beyond the public dev corpus: phone typos,
slang, dialect, English, names next to ordinary words, every date and span
convention, secure content asked for indirectly. Lines tagged "judgement" are
where the contract is silent and a parent's reading was chosen.
"""

from __future__ import annotations

from pathlib import Path

from tests.nlu.corpus import score

HELDOUT = Path(__file__).with_name("heldout.jsonl")


def test_heldout_corpus_generalises() -> None:
    result = score(HELDOUT)
    assert result.n >= 250
    assert result.exact_rate >= 0.95, result.misses


def test_heldout_secure_and_health_are_never_missed() -> None:
    result = score(HELDOUT)
    assert result.secure and result.health
    assert result.secure_recall == 1.0, result.misses
    assert result.health_recall == 1.0, result.misses
    assert all(result.health_right), result.misses
