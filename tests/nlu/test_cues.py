"""The cue index's shortcuts never hide a match: needles are sound, per-word cues are exact."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.intents import _INDEX, match_cues
from bot.nlu.parser import analyse

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")
HERE = Path(__file__).parent
TEXTS = [json.loads(line)["text"] for line in (HERE / "heldout.jsonl").open(encoding="utf-8")]
WORDS = sorted({w for t in TEXTS for w in analyse(t, NOW, ["Elsa", "Nils"]).norm.split(" ")})


def _passes(alt_every: tuple[str, ...], alt_some: tuple[str, ...], text: str) -> bool:
    return all(p in text for p in alt_every) and (not alt_some or any(p in text for p in alt_some))


def _every_cue(text: str) -> set[tuple[str, float, int, int]]:
    """Each alternative's matches over the whole text, by brute force."""
    found = set()
    for alt in _INDEX.alts:
        if alt.one_word:
            at = 0
            for word in text.split(" "):
                m = alt.rx.search(word)
                if m is not None:
                    found.add((alt.intent, alt.weight, at + m.start(), at + m.end()))
                at += len(word) + 1
        else:
            for m in alt.rx.finditer(text):
                found.add((alt.intent, alt.weight, m.start(), m.end()))
    return found


def test_needles_never_reject_a_match() -> None:
    norms = [analyse(t, NOW, ["Elsa", "Nils"]).norm for t in TEXTS]
    for norm in norms:
        for alt in _INDEX.alts:
            if not alt.one_word and alt.rx.search(norm):
                assert _passes(alt.every, alt.some, norm), (alt.rx.pattern, norm)


def test_corpus_cues_are_every_cue() -> None:
    for text in TEXTS:
        norm = analyse(text, NOW, ["Elsa", "Nils"]).norm
        got = {(c.intent, c.weight, c.start, c.end) for c in match_cues(norm)}
        assert got == _every_cue(norm), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10))
def test_any_mix_of_words_finds_every_cue(words: list[str]) -> None:
    norm = " ".join(words)
    got = {(c.intent, c.weight, c.start, c.end) for c in match_cues(norm)}
    assert got == _every_cue(norm)
