"""Text made for SMS: the GSM 7-bit alphabet, parts counted, long text split between sentences.

An SMS in the GSM 7-bit alphabet carries 160 characters; one character outside
it (an emoji, a typographic quote or dash) turns the whole message into UCS-2
and 70 characters. Swedish fits the alphabet (å, ä, ö, é are in it), so the
text is mapped into it: typographic quotes, dashes and spaces become their
plain forms, accented letters outside it lose the accent, emoji go.

A text longer than one SMS is sent as several SMS, each at most 160 characters
and cut between sentences (else between words), so each arrives whole and
reads on its own, and a word is never cut. Only a single word longer than an
SMS (a long link) goes as one concatenated message of 153-septet parts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# GSM 03.38: the basic set (one septet each) and the extension set (escape + one: two).
BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_SEPTETS = 160
PART_SEPTETS = 153  # a part of a concatenated SMS: 7 septets go to its header
UCS2_SINGLE = 70
UCS2_PART = 67

# Typographic characters and their plain forms in the alphabet.
REPLACEMENTS: dict[str, str] = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "´": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "―": "-", "‒": "-", "‐": "-", "‑": "-", "−": "-",
    "…": "...", "•": "-", "·": "-", "×": "x", "→": "->", "←": "<-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200b": "", "\ufe0f": "",
    "\t": " ",
}  # fmt: skip

_SPACES = re.compile(r"[ ]{2,}")
_SPACE_BEFORE_NEWLINE = re.compile(r"[ ]+\n|\n[ ]+")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def _plain(char: str) -> str:
    if char in BASIC or char in EXTENSION:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    # An accented letter outside the alphabet keeps its letter (á → a, ü stays: it is in it).
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and all(c in BASIC for c in base):
        return base
    return ""  # emoji, symbols: nothing the alphabet can say


def to_gsm(text: str) -> str:
    """The text in the GSM 7-bit alphabet, its extra spaces tidied away."""
    mapped = "".join(_plain(c) for c in unicodedata.normalize("NFC", text))
    mapped = _SPACES.sub(" ", mapped)
    mapped = _SPACE_BEFORE_NEWLINE.sub("\n", mapped)
    return mapped.strip()


def is_gsm(text: str) -> bool:
    return all(c in BASIC or c in EXTENSION for c in text)


def septets(text: str) -> int:
    """The length an SMS counts: extension characters take two."""
    return sum(2 if c in EXTENSION else 1 for c in text)


def parts(text: str) -> int:
    """How many SMS parts the operator bills for this message."""
    if not text:
        return 1
    if is_gsm(text):
        size = septets(text)
        return 1 if size <= SINGLE_SEPTETS else math.ceil(size / PART_SEPTETS)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    # What joined it to the one before: a line break or a space.
    joiner: str


def _units(text: str) -> Iterator[_Unit]:
    """Sentences, each with the break it followed (a new line or a space)."""
    for line_no, line in enumerate(text.split("\n")):
        first = True
        for sentence in _SENTENCE_END.split(line):
            if not sentence:
                continue
            joiner = ("\n" if line_no else "") if first else " "
            yield _Unit(sentence, joiner)
            first = False


def _words(unit: _Unit, limit: int) -> Iterator[_Unit]:
    """A sentence longer than an SMS, in pieces of whole words."""
    current = ""
    for word in unit.text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and septets(candidate) > limit:
            yield _Unit(current, " ")
            current = word
        else:
            current = candidate
    if current:
        yield _Unit(current, " ")


def split(text: str, limit: int = SINGLE_SEPTETS) -> list[str]:
    """The text as SMS of at most `limit` septets each, cut between sentences, else words."""
    text = text.strip()
    if septets(text) <= limit:
        return [text] if text else []
    pieces: list[_Unit] = []
    for unit in _units(text):
        if septets(unit.text) <= limit:
            pieces.append(unit)
        else:
            first, *rest = list(_words(unit, limit))
            pieces.extend([_Unit(first.text, unit.joiner), *rest])
    messages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{piece.joiner}{piece.text}" if current else piece.text
        if current and septets(candidate) > limit:
            messages.append(current.strip())
            current = piece.text
        else:
            current = candidate
    if current.strip():
        messages.append(current.strip())
    return messages


def total_parts(messages: list[str]) -> int:
    return sum(parts(m) for m in messages)
