"""The public corpus through parse(), scored as the contract's scorer does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.nlu.corpus import score

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "nlu" / "dev.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not beside the project")
def test_dev_corpus_exact_match() -> None:
    result = score(CORPUS)
    assert result.exact_rate >= 0.99, result.misses
    assert result.intent_rate == 1.0, result.misses
    assert result.secure_recall == 1.0, result.misses
    assert result.health_recall == 1.0, result.misses
    assert all(result.health_right), result.misses
