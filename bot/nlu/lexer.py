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


# Pieces of one whitespace-free chunk ("idag,", "8.30-16"): (kind, lower-cased, normal form,
# start, end) within the chunk. Worked out once per chunk, for one spellings mapping at a time:
# the same chunks come back in message after message.
_Piece = tuple[str, str, str, int, int]
_CHUNKS: dict[str, tuple[_Piece, ...]] = {}
_NO_SPELLINGS: Mapping[str, str] = {}
_CHUNKS_SPELLED_BY: list[Mapping[str, str]] = [_NO_SPELLINGS]
# Above this length a message is read lazily, token by token, so a flood of text costs no more
# than the tokens the parser will look at.
_LAZY_ABOVE = 2000


def _pieces(chunk: str, spell: Mapping[str, str]) -> tuple[_Piece, ...]:
    out = []
    for m in _TOKEN.finditer(chunk):
        group = m.lastindex
        start, end = m.span()
        if group == 2:
            low = m.group().lower()
            if not low.isascii() and not unicodedata.is_normalized("NFC", low):
                low = unicodedata.normalize("NFC", low)
            out.append((WORD, low, spell.get(low, low), start, end))
        else:
            sym = m.group()
            out.append((NUMBER if group == 1 else SYMBOL, sym, sym, start, end))
    found = tuple(out)
    if len(_CHUNKS) >= 65536:
        _CHUNKS.clear()
    _CHUNKS[chunk] = found
    return found


def tokenize(
    text: str, spellings: Mapping[str, str] | None = None, limit: int = 1_000_000
) -> list[Token]:
    """Tokens of `text`, at most `limit` of them; `spellings` gives a word's normal form up
    front ("e" -> "är")."""
    if len(text) > _LAZY_ABOVE:
        return _tokenize_lazily(text, spellings, limit)
    spell = spellings or _NO_SPELLINGS
    if _CHUNKS_SPELLED_BY[0] is not spell:
        _CHUNKS.clear()
        _CHUNKS_SPELLED_BY[0] = spell
    tokens: list[Token] = []
    append = tokens.append
    last_end = 0
    lines = "\n" in text
    find = text.find
    count = 0
    chunks = _CHUNKS
    new = object.__new__
    for chunk in text.split():
        if count >= limit:
            break
        base = find(chunk, last_end)
        if lines and base > last_end:
            at = find("\n", last_end, base)
            if at >= 0:
                # A line break ends a sentence as surely as a full stop does.
                append(Token(SYMBOL, "\n", at, at + 1, True))
        gap = base > last_end
        pieces = chunks.get(chunk)
        if pieces is None:
            pieces = _pieces(chunk, spell)
        if count + len(pieces) > limit:
            pieces = pieces[: limit - count]
        count += len(pieces)
        for kind, low, norm, start, end in pieces:
            # Token() without the call: this loop runs for every token of every message
            tok = new(Token)
            tok.kind = kind
            tok.low = low
            tok.norm = norm
            tok.start = base + start
            tok.end = base + end
            tok.gap = gap
            gap = False
            append(tok)
        last_end = base + len(chunk)
    return tokens


def _tokenize_lazily(text: str, spellings: Mapping[str, str] | None, limit: int) -> list[Token]:
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
