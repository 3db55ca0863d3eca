"""Health information in a message, and exactly which characters carry it.

The Hub must not receive a child's symptoms, diagnoses, medical visits or
medication (GDPR): the bot files the absence without the reason. The plain
word "sjuk" is the ordinary reason for an absence and is not health
information; "feber", "tandläkaren" or "antibiotika" are. Which words carry
health is the shared lexicon's (`bot.lexicon.health`), so the log redactor
masks exactly what this guard drops; what is the parser's own is how far a
span reaches (the words that lead into a health word and trail it).
"""

from __future__ import annotations

from bot.lexicon.health import PHRASE_FIRST_FORMS, health_word, phrase_runs
from bot.nlu.lexer import WORD, Token

# Words pulled into a health span when they lead into it ("hon har feber", "pga läkarbesök").
_LEAD_IN = frozenset(
    {
        "hon",
        "han",
        "hen",
        "har",
        "hade",
        "fått",
        "fick",
        "är",
        "e",
        "blev",
        "pga",
        "p",
        "g",
        "a",
        "eftersom",
        "då",
        "för",
        "med",
        "ska",
        "till",
        "hos",
        "tid",
        "på",
        "vid",
        "och",
        "o",
        "lite",
        "mycket",
        "massor",
        "fortfarande",
        "also",
        "has",
        "had",
        "is",
        "with",
        "got",
        "the",
        "to",
        "due",
        "because",
        "of",
        "she",
        "he",
        "they",
        "sin",
        "sitt",
        "sina",
        "her",
        "his",
        "lätt",
        "hög",
        "high",
        "gå",
        "åka",
        "besök",
        "appointment",
        "an",
        "at",
        "grund",
        "av",
        "samt",
        "kräkts",
        "natt",
        "inatt",
        "i",
    }
)
_TRAIL = frozenset(
    {
        "i",
        "natt",
        "inatt",
        "morse",
        "imorse",
        "hela",
        "sedan",
        "sen",
        "igår",
        "night",
        "last",
        "och",
        "o",
        "ska",
        "ta",
        "take",
        "and",
        "massor",
        "mycket",
        "kl",
    }
)


def phrase_matches(pieces: list[str], words: set[str] | None = None) -> list[tuple[int, int]]:
    """(first, last) piece indexes of multi-word health signs ("ont i magen", "mår illa").

    `words`, the message's words when the caller has them, lets most messages skip the search.
    """
    if words is not None and words.isdisjoint(_PHRASE_STARTS):
        return []
    return phrase_runs(pieces)


# The phrases' first words as a guardian may type them (with or without å, ä, ö).
_PHRASE_STARTS = PHRASE_FIRST_FORMS


def _hyphen_joins(toks: list[Token], at: int, keep: list[bool]) -> bool:
    """Whether toks[at] is a hyphen written tight between two words, none of them kept."""
    return (
        0 < at < len(toks) - 1
        and toks[at].low in _HYPHENS
        and not toks[at].gap
        and not toks[at + 1].gap
        and toks[at - 1].kind == WORD
        and toks[at + 1].kind == WORD
        and not (keep[at - 1] or keep[at + 1])
    )


_HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})


def health_spans(
    toks: list[Token], hits: list[int], phrases: list[tuple[int, int]], keep: list[bool]
) -> list[tuple[int, int]]:
    """Character spans to drop: each health word widened over the words that lead into it.

    Never widened over a token in `keep` (child names, days, times), so dropping the span
    leaves who and when intact.
    """
    ranges: list[tuple[int, int]] = [(i, i) for i in hits] + phrases
    if not ranges:
        return []
    grown: list[tuple[int, int]] = []
    for a, b in ranges:
        # a hyphenated compound is one word: "npf-utredning", "mag-influensa"
        while _hyphen_joins(toks, b + 1, keep):
            b += 2
        while _hyphen_joins(toks, a - 1, keep):
            a -= 2
        while a > 0 and not keep[a - 1] and toks[a - 1].norm in _LEAD_IN:
            a -= 1
        while (
            b + 1 < len(toks)
            and not keep[b + 1]
            and (toks[b + 1].norm in _TRAIL or health_word(toks[b + 1].norm))
        ):
            b += 1
        # never end on a bare conjunction
        while b > a and toks[b].norm in ("och", "o", "and", "ska", "ta", "take", "i", "kl"):
            b -= 1
        grown.append((a, b))
    grown.sort()
    merged: list[list[int]] = []
    for a, b in grown:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(toks[a].start, toks[b].end) for a, b in merged]


__all__ = ["health_spans", "health_word", "phrase_matches"]
