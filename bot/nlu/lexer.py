"""Split a message into tokens that remember where they came from.

Every later stage works on tokens, never on the raw string, so each slot can
point back at the exact characters it was read from. Matching is done on a
lower-cased, NFC-normalised copy; offsets stay those of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from itertools import islice

WORD = "w"
NUMBER = "n"
SYMBOL = "s"

# Digits are ASCII only: int() on other scripts' digits is legal but a guardian never means it.
# Letters may carry combining marks (a decomposed "å"); the two classes never overlap, so the
# word pattern cannot backtrack.
_TOKEN = re.compile(r"([0-9]+)|([^\W\d_]+(?:[\u0300-\u036f]+[^\W\d_]*)*)|(\S)")


class Token:
    """One word, number or symbol; `norm` is filled in by later stages (spelling, shorthand)."""

    __slots__ = ("end", "gap", "kind", "low", "norm", "start")

    def __init__(self, kind: str, low: str, start: int, end: int, gap: bool) -> None:
        self.kind = kind
        self.low = low
        self.norm = low
        self.start = start
        self.end = end
        self.gap = gap  # whitespace before this token

    def __repr__(self) -> str:
        return f"Token({self.kind}:{self.norm!r}@{self.start})"

    @property
    def value(self) -> int | None:
        """The number a NUMBER token spells; None for absurdly long digit runs."""
        if self.kind != NUMBER or len(self.low) > 6:
            return None
        return int(self.low)


def tokenize(
    text: str, spellings: Mapping[str, str] | None = None, limit: int = 1_000_000
) -> list[Token]:
    """Tokens of `text`, at most `limit` of them; `spellings` gives a word's normal form up
    front ("e" -> "är")."""
    spell = spellings or {}
    tokens: list[Token] = []
    append = tokens.append
    last_end = 0
    lines = "\n" in text
    for m in islice(_TOKEN.finditer(text), limit):
        start, end = m.span()
        group = m.lastindex
        gap = start > last_end
        if lines and gap:
            at = text.find("\n", last_end, start)
            if at >= 0:
                # A line break ends a sentence as surely as a full stop does.
                append(Token(SYMBOL, "\n", at, at + 1, True))
        last_end = end
        if group == 2:
            low = m.group().lower()
            if not low.isascii() and not unicodedata.is_normalized("NFC", low):
                low = unicodedata.normalize("NFC", low)
            tok = Token(WORD, low, start, end, gap)
            norm = spell.get(low)
            if norm is not None:
                tok.norm = norm
            append(tok)
        else:
            append(Token(NUMBER if group == 1 else SYMBOL, m.group(), start, end, gap))
    return tokens
