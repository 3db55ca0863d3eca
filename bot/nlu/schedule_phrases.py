"""The schedule's own phrases the parse contract has no slot for: repeat, copy, comment.

The parse contract has no intent for "repeat for N weeks" or "copy Elsa's week
to Nils", so they are read from the message text by these small pure matchers
(here, beside the parser: bot/nlu is the only reader of free text). They look for the verbs ("upprepa", "kopiera", "samma tider") and
never guess: a message they do not clearly match is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlu.days import NUMBER_WORDS

# The parser's number words, and the week counts beyond ten that a repeat may name.
_NUMBER_WORDS = {**NUMBER_WORDS, "elva": 11, "eleven": 11, "tolv": 12, "twelve": 12}
_N = r"(?P<n>\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_WEEKS = r"(?:veckor|veckorna|vecka|v\.?|weeks?)"
# A word that makes N the number of weeks *after* the source week ("4 veckor till/framåt").
_MORE = r"(?:till|framåt|fram|more|ahead|forward|extra)"

# Patterns whose N counts the weeks after the source week.
_REPEAT_AFTER = (
    re.compile(rf"\b{_N}\s*{_WEEKS}\s+{_MORE}\b", re.I),
    re.compile(rf"\b{_N}\s+{_MORE}\s+{_WEEKS}", re.I),
    re.compile(
        rf"\b(?:de\s+|the\s+)?(?:kommande|följande|next|following)\s+{_N}\s+{_WEEKS}", re.I
    ),
)
# Patterns whose N counts the weeks in all, the source week included ("i 3 veckor").
_REPEAT_TOTAL = (
    re.compile(rf"\b(?:upprepa|repetera|repeat)\b[^.?!]*?\b{_N}\s*{_WEEKS}(?!\s*\d)", re.I),
    re.compile(rf"\b(?:samma\s+tider|same\s+times)\b[^.?!]*?\b{_N}\s*{_WEEKS}(?!\s*\d)", re.I),
)
_REPEAT_CUE = re.compile(
    r"\b(?:upprepa|repetera|repeat|samma\s+tider|same\s+times)\b|\b\d{1,2}\s*veckor\s+framåt\b",
    re.I,
)

_NAME = r"[^\W\d_][\w'’-]*"
# "kopiera Elsas vecka till Nils", "copy Elsa's week to Nils": the source follows the verb,
# the target is the first child named after a "till"/"to" further on.
_COPY_VERB = re.compile(rf"\b(?:kopiera|copy)\s+(?P<src>{_NAME})", re.I)
_COPY_TO = re.compile(rf"\b(?:till|to|för|for|åt)\s+(?P<dst>{_NAME})", re.I)
_COPY_SAME = (
    # "samma tider för Nils som Elsa", "same times for Nils as Elsa"
    re.compile(
        rf"\b(?:samma\s+tider|same\s+times)\s+(?:för|åt|for)\s+(?P<dst>{_NAME})"
        rf"\s+(?:som|as)\s+(?P<src>{_NAME})",
        re.I,
    ),
    # "Nils ska ha samma tider som Elsa"
    re.compile(
        rf"\b(?P<dst>{_NAME})\s+(?:ska\s+ha|ska\s+få|får|should\s+have|gets?)\s+"
        rf"(?:samma\s+tider\s+som|the\s+same\s+times\s+as)\s+(?P<src>{_NAME})",
        re.I,
    ),
    # "give Nils the same times as Elsa"
    re.compile(
        rf"\bgive\s+(?P<dst>{_NAME})\s+(?:the\s+)?same\s+times\s+as\s+(?P<src>{_NAME})", re.I
    ),
)
_COPY_CUE = re.compile(r"\b(?:kopiera|copy|samma\s+tider|same\s+times)\b", re.I)

_COMMENT = re.compile(r"(?:^|[\s,;.])(?:kommentar|comment)\s*:\s*(?P<text>\S.*)$", re.I | re.S)


@dataclass(frozen=True, slots=True)
class RepeatAsk:
    """Fill the same weekdays of the `weeks_after` weeks that follow the source week."""

    weeks_after: int


def _number(word: str) -> int | None:
    word = word.casefold()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def repeat_request(text: str) -> RepeatAsk | None:
    """ "upprepa veckan i 3 veckor" → 2 weeks after; "samma tider 4 veckor framåt" → 4."""
    for pattern in _REPEAT_AFTER:
        match = pattern.search(text)
        if match and _REPEAT_CUE.search(text):
            n = _number(match["n"])
            if n is not None and n >= 1:
                return RepeatAsk(n)
    for pattern in _REPEAT_TOTAL:
        match = pattern.search(text)
        if match:
            n = _number(match["n"])
            if n is not None and n >= 1:
                return RepeatAsk(n - 1)
    return None


def mentions_repeat(text: str) -> bool:
    """A cheap first look, before anything is parsed or read."""
    return _REPEAT_CUE.search(text) is not None


def _child_name(word: str, names: Sequence[str]) -> str | None:
    """A child's name as written, also in the genitive ("Elsas", "Elsa's")."""
    folded = word.casefold().replace("’", "'")
    for name in names:
        base = name.casefold()
        if folded in (base, base + "s", base + "'s", base + "'"):
            return name
    return None


def copy_request(text: str, names: Sequence[str]) -> tuple[str, str] | None:
    """(source, target) child names for "kopiera Elsas vecka till Nils" and its kin."""
    for verb in _COPY_VERB.finditer(text):
        source = _child_name(verb["src"], names)
        if source is None:
            continue
        for to in _COPY_TO.finditer(text, verb.end()):
            target = _child_name(to["dst"], names)
            if target and target != source:
                return source, target
    for pattern in _COPY_SAME:
        for match in pattern.finditer(text):
            source = _child_name(match["src"], names)
            target = _child_name(match["dst"], names)
            if source and target and source != target:
                return source, target
    return None


def mentions_copy(text: str) -> bool:
    return _COPY_CUE.search(text) is not None


def inline_comment(text: str) -> str | None:
    """ "Elsa 8-15 idag, kommentar: hämtas av mormor" → "hämtas av mormor"."""
    match = _COMMENT.search(text)
    if match is None:
        return None
    comment = match["text"].strip()
    return comment or None
