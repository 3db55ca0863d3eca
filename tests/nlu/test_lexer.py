"""The tokenizer's fast path (whitespace chunks, remembered) against its plain regex path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.lexer import Token, _tokenize_lazily, tokenize
from bot.nlu.spelling import SHORTHAND

# Letters, marks, digits, punctuation and the odd spaces a phone produces.
ALPHABET = "aeåäöÉé\u0301 1290.:/-,!?'\n\t\r\u00a0\u2028\x1c_😀🙂"


def _seen(tokens: list[Token]) -> list[tuple[str, str, str, int, int, bool]]:
    return [(t.kind, t.low, t.norm, t.start, t.end, t.gap) for t in tokens]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.integers(min_value=0, max_value=12))
def test_fast_path_is_the_regex_path(text: str, limit: int) -> None:
    assert _seen(tokenize(text, SHORTHAND, limit)) == _seen(
        _tokenize_lazily(text, SHORTHAND, limit)
    )
    assert _seen(tokenize(text, SHORTHAND)) == _seen(_tokenize_lazily(text, SHORTHAND, 10**6))


def test_offsets_point_into_the_text() -> None:
    text = "Hej!\nElsa e sjuk idag 🤒, kl 8.30–16 /Anna"
    tokens = tokenize(text, SHORTHAND)
    assert [t.norm for t in tokens][:6] == ["hej", "!", "\n", "elsa", "är", "sjuk"]
    for t in tokens:
        if t.low != "\n":
            assert text[t.start : t.end].lower() == t.low
