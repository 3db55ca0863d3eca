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

PERSONNUMMER = "[personnummer]"
EMAIL = "[e-post]"
PHONE = "[telefon]"
HEALTH = "[hälsa]"
HIDDEN = "[dolt]"

# Month 01-12, day 01-31 or 61-91 (samordningsnummer add 60 to the day).
_MMDD = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_PERSONNUMMER = re.compile(
    # With a dash or plus the shape alone is enough; a typo in the date is still a person.
    r"(?<!\d)(?:\d{8}|\d{6})[-+]\d{4}(?!\d)"
    # Without one, the date must be plausible, so that ordinary numbers survive.
    rf"|(?<!\d)(?:(?:19|20)\d{{2}}|\d{{2}}){_MMDD}[ \u00a0]?\d{{4}}(?!\d)"
)
_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_SEP = r"(?:[ \u00a0]?[-–][ \u00a0]?|[ \u00a0])?"
_PHONE = re.compile(
    rf"(?<![\d+])(?:\+46|0046){_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{6,8}}(?!\d)"
    rf"|(?<![\d+])0[1-9](?:{_SEP}\d){{6,8}}(?!\d)"
)
# "0730-1600" is a time range, not a phone number.
_TIME_RANGE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d\s?[-–]\s?(?:[01]\d|2[0-3])[0-5]\d")

# A safety net: the parser's own spans (passed as `extra_spans`) are the main source.
# Stems match any ending; words only as themselves.
_HEALTH_STEMS = (
    # Swedish
    "feber", "febrig", "magsjuk", "vinterkräk", "kräk", "spyr", "spydde", "spytt",
    "diarr", "förkyl", "hosta", "snuva", "halsfluss", "öroninflammation",
    "lunginflammation", "ögoninflammation", "influensa", "covid", "corona", "vattkoppor",
    "springmask", "huvudlöss", "migrän", "astma", "allerg", "adhd", "autis", "diabet",
    "epilep", "depression", "deprimerad", "ångest", "infektion", "eksem", "sjukhus",
    "vårdcentral", "läkar", "tandläkar", "operer", "medicin",
    # English
    "fever", "vomit", "diarrh", "chickenpox", "asthma", "anxiety", "migraine", "infection",
    "hospital", "doctor", "dentist", "medication",
)  # fmt: skip
_HEALTH_WORDS = ("flu", "bup", "akuten", "ont i magen", "ont i huvudet", "ont i halsen")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_HEALTH = re.compile(
    rf"(?<!\w)(?:(?:{_alternatives(_HEALTH_STEMS)})\w*|(?:{_alternatives(_HEALTH_WORDS)})(?!\w))",
    re.IGNORECASE,
)


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
        if not _TIME_RANGE.fullmatch(match.group()):
            yield Span(match.start(), match.end(), PHONE)
    for match in _HEALTH.finditer(text):
        yield Span(match.start(), match.end(), HEALTH)


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
