"""Masking personal data before a message is written to the conversation log.

The log exists so support staff can see what the bot understood; it does not
need anyone's identity number, phone, e-mail or illness. Pure functions: the
same text always gives the same mask, and masking twice changes nothing.
Over-masking a stray number is the cheaper mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.lexicon.health import health_word, phrase_runs

PERSONNUMMER = "[personnummer]"
EMAIL = "[e-post]"
PHONE = "[telefon]"
HEALTH = "[hälsa]"
HIDDEN = "[dolt]"

# Month 01-12, day 01-31 or 61-91 (samordningsnummer add 60 to the day).
_MM = r"(?:0[1-9]|1[0-2])"
_DD = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_YY = r"(?:(?:19|20)\d{2}|\d{2})"
# Before the last four digits: a dash of any kind, a plus (over a hundred years), an
# underscore, a slash or a dot, with or without spaces around it.
_DASH = r"[ \u00a0]?[-+_/.\u2010-\u2015\u2212][ \u00a0]?"
_PERSONNUMMER = re.compile(
    # With a dash the shape alone is enough; a typo in the date is still a person.
    rf"(?<!\d)(?:\d{{8}}|\d{{6}}){_DASH}\d{{4}}(?!\d)"
    # A date written with dashes or spaces, then a dash: "2015-06-12-1234".
    rf"|(?<!\d){_YY}([- ]){_MM}\1{_DD}{_DASH}\d{{4}}(?!\d)"
    # Without a dash, the date must be plausible, so that ordinary numbers survive.
    rf"|(?<!\d){_YY}{_MM}{_DD}[ \u00a0]?\d{{4}}(?!\d)"
)
# "anna@x.se", also written "anna(at)x.se", "anna [at] x.se", "anna at x dot se".
_AT = r"(?:[ \u00a0]?@[ \u00a0]?|[ \u00a0]?[(\[{]at[)\]}][ \u00a0]?)"
_DOT = r"(?:\.|[ \u00a0]?[(\[{]dot[)\]}][ \u00a0]?|[ \u00a0]dot[ \u00a0](?=[a-z]{2,}\b))"
_EMAIL = re.compile(
    rf"[\w.%+\-]+{_AT}[\w\-]+(?:{_DOT}[\w\-]+)+"
    r"|[\w.%+\-]+[ \u00a0]at[ \u00a0][\w\-]+(?:[ \u00a0]dot[ \u00a0][a-z]{2,})+\b",
    re.IGNORECASE,
)
# One optional separator between digits: space, dash, en dash, dot, slash.
_SEP = r"(?:[ \u00a0]?[-\u2010-\u2015./][ \u00a0]?|[ \u00a0])?"
_PHONE = re.compile(
    # +46 70-123 45 67, 0046 70 123 45 67, +46 (0)70-123 45 67, +46 (70) 123 45 67
    rf"(?<![\d+])(?:\+|00)[ \u00a0]?46{_SEP}(?:\(0\){_SEP})?\(?[1-9](?:\)?{_SEP}\d){{6,8}}(?!\d)"
    # other countries: +47 912 34 567, +1 (555) 123-4567, 0044 20 7946 0958
    rf"|(?<![\d+])(?:\+|00)[1-9]\d{{0,2}}{_SEP}(?:\(\d{{1,4}}\){_SEP})?\d(?:{_SEP}\d){{5,11}}(?!\d)"
    # (070) 123 45 67, (08) 123 456 78
    rf"|(?<![\d+])\(0[1-9]\d{{0,3}}\)[ \u00a0]?\d(?:{_SEP}\d){{4,7}}(?!\d)"
    # 070-123 45 67, 070.123.45.67, 08-123 456 78, 0521-123 45
    rf"|(?<![\d+])0[1-9](?:{_SEP}\d){{6,8}}(?!\d)"
)
# Shapes a phone pattern also fits that are times or dates: "0730-1600", "07.30–16.00",
# "01.12.2026".
_NOT_PHONE = re.compile(
    r"(?:[01]\d|2[0-3])[.:]?[0-5]\d\s?[-\u2013]\s?(?:[01]?\d|2[0-3])[.:]?[0-5]\d"
    r"|(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)?\d{2}"
)
# Words (letters, with combining marks) and numbers, for the health lexicon.
_WORD = re.compile(r"[^\W\d_]+(?:[\u0300-\u036f]+[^\W\d_]*)*|\d+")
_HYPHENS = "-\u2010\u2011\u2013"


def _health_spans(text: str) -> Iterable[tuple[int, int]]:
    """Health words and multi-word signs of the shared lexicon, as character spans.

    A hyphenated compound is masked whole ("BVC-tiden", "npf-utredningen").
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    runs = [(i, i) for i, (_, _, word) in enumerate(words) if health_word(word)]
    runs += phrase_runs([w for _, _, w in words])
    for first, last in runs:
        while first > 0 and _joined(text, words[first - 1][1], words[first][0]):
            first -= 1
        while last + 1 < len(words) and _joined(text, words[last][1], words[last + 1][0]):
            last += 1
        yield words[first][0], words[last][1]


def _joined(text: str, end: int, start: int) -> bool:
    return start == end + 1 and text[end] in _HYPHENS


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str


def _pattern_spans(text: str) -> Iterable[Span]:
    for match in _PERSONNUMMER.finditer(text):
        yield Span(match.start(), match.end(), PERSONNUMMER)
    for match in _EMAIL.finditer(text):
        yield Span(match.start(), match.end(), EMAIL)
    for match in _PHONE.finditer(text):
        if not _NOT_PHONE.fullmatch(match.group()):
            yield Span(match.start(), match.end(), PHONE)
    for start, end in _health_spans(text):
        yield Span(start, end, HEALTH)


_PRIORITY = {PERSONNUMMER: 0, EMAIL: 1, PHONE: 2, HEALTH: 3, HIDDEN: 4}


def sensitive_spans(text: str, extra_spans: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Non-overlapping spans to mask, in order. Overlaps merge under the strongest label."""
    candidates = list(_pattern_spans(text))
    for start, end in extra_spans:
        start, end = max(0, start), min(len(text), end)
        if start < end:
            candidates.append(Span(start, end, HIDDEN))
    candidates.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in candidates:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            label = min(last.label, span.label, key=_PRIORITY.__getitem__)
            merged[-1] = Span(last.start, max(last.end, span.end), label)
        else:
            merged.append(span)
    return merged


def redact(text: str, extra_spans: Sequence[tuple[int, int]] = ()) -> str:
    """`text` with identity numbers, e-mails, phones, health words and `extra_spans` masked.

    `extra_spans` are (start, end) offsets into `text`, e.g. what the parser took
    as the reason for an absence.
    """
    out: list[str] = []
    cursor = 0
    for span in sensitive_spans(text, extra_spans):
        out.append(text[cursor : span.start])
        out.append(span.label)
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)
