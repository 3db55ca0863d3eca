"""The public corpus through parse(), scored as the contract's scorer does."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from bot.nlu import parse

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "nlu" / "dev.jsonl"


def _norm(key: str, value: object) -> object:
    if key == "children" and isinstance(value, list):
        return sorted(v.casefold() for v in value)
    if key == "dates" and isinstance(value, list):
        return sorted(set(value))
    return value


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not beside the project")
def test_dev_corpus_exact_match() -> None:
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    exact = intent_ok = 0
    misses = []
    for case in cases:
        got = parse(case["text"], datetime.fromisoformat(case["now"]), case["children"])
        contract = got.to_contract()
        wrong = {
            k: (v, contract.get(k))
            for k, v in case["expect"].items()
            if _norm(k, contract.get(k)) != _norm(k, v)
        }
        exact += not wrong
        intent_ok += contract["intent"] == case["expect"]["intent"]
        if wrong:
            misses.append((case["text"], wrong))
        if case["expect"]["intent"] == "secure_content":
            assert contract["intent"] == "secure_content", case["text"]
        if case["expect"].get("health_info") is not None:
            assert contract["health_info"] == case["expect"]["health_info"], case["text"]
    assert exact / len(cases) >= 0.97, misses
    assert intent_ok / len(cases) >= 0.99, misses
