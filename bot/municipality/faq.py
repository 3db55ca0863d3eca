"""Answers to what guardians ask support most, found by scoring trigger phrases.

A topic answers when its score reaches the profile's threshold: a trigger
phrase counts 1, a hint counts `hint_weight`, and a message that is a question
adds `question_bonus` once something matched. Phrase words match in order with
at most `max_gap` words between them, so "glömt lösenord" also finds "glömt
mitt lösenord". Ordinary errands ("Elsa är sjuk idag") contain no trigger, so
they never reach the threshold. Everything tunable lives in the profile file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.i18n.languages import CODES, normalise_language
from bot.municipality.profile import FaqConfig, MunicipalityProfile

_JOINERS = re.compile(r"(?<=\w)['’](?=\w)")
_NON_WORD = re.compile(r"[^\w]+")
# How many of the first words may carry the question word ("Elsa, hur gör jag …").
_QUESTION_LEAD = 3


def normalise(text: str) -> list[str]:
    """Lowercase words with diacritics kept; apostrophes join ("can't"), hyphens split."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _JOINERS.sub("", text)
    return [w for w in _NON_WORD.sub(" ", text.replace("_", " ")).split() if w]


@dataclass(frozen=True, slots=True)
class _Word:
    stem: str
    prefix: bool

    def matches(self, token: str) -> bool:
        return token.startswith(self.stem) if self.prefix else token == self.stem


@dataclass(frozen=True, slots=True)
class _Phrase:
    source: str
    words: tuple[_Word, ...]


@lru_cache(maxsize=1024)
def _compile(phrase: str) -> _Phrase:
    words: list[_Word] = []
    for raw in phrase.split():
        stems = normalise(raw.rstrip("*"))
        for i, stem in enumerate(stems):
            words.append(_Word(stem, raw.endswith("*") and i == len(stems) - 1))
    return _Phrase(phrase, tuple(words))


def _find(phrase: _Phrase, tokens: list[str], max_gap: int) -> tuple[int, int] | None:
    """The tightest (start, end) where the phrase's words occur in order, or None."""
    best: tuple[int, int, int] | None = None  # (gaps, start, end)
    for start, token in enumerate(tokens):
        if not phrase.words[0].matches(token):
            continue
        pos, gaps = start, 0
        for word in phrase.words[1:]:
            window = range(pos + 1, min(pos + 2 + max_gap, len(tokens)))
            nxt = next((k for k in window if word.matches(tokens[k])), None)
            if nxt is None:
                break
            gaps += nxt - pos - 1
            pos = nxt
        else:
            if best is None or gaps < best[0]:
                best = (gaps, start, pos)
    return None if best is None else (best[1], best[2])


@dataclass(frozen=True, slots=True)
class FaqAnswer:
    topic: str
    score: float
    # language → text, with the profile's placeholders filled in
    title: dict[str, str]
    answers: dict[str, str]
    # the profile's phrases that counted, as written there
    matched: tuple[str, ...]

    def text(self, lang: str | None) -> str:
        return self.answers[normalise_language(lang)]


def _is_question(text: str, tokens: list[str], faq: FaqConfig) -> bool:
    if "?" in text:
        return True
    words = {w for q in faq.question_words for w in normalise(q)}
    return any(t in words for t in tokens[:_QUESTION_LEAD])


def _score_topic(
    triggers: list[str], hints: list[str], tokens: list[str], faq: FaqConfig
) -> tuple[float, tuple[str, ...]]:
    hits: list[tuple[float, int, int, str]] = []
    for weight, phrases in ((1.0, triggers), (faq.hint_weight, hints)):
        for phrase in phrases:
            found = _find(_compile(phrase), tokens, faq.max_gap)
            if found is not None:
                hits.append((weight, found[0], found[1], phrase))
    # Strongest and longest first; a hit inside words already counted adds nothing.
    hits.sort(key=lambda h: (-h[0], -(h[2] - h[1])))
    covered: set[int] = set()
    score, matched = 0.0, []
    for weight, start, end, phrase in hits:
        span = set(range(start, end + 1))
        if span <= covered:
            continue
        covered |= span
        score += weight
        matched.append(phrase)
    return score, tuple(matched)


def rank_faq(text: str, profile: MunicipalityProfile) -> list[FaqAnswer]:
    """Every topic that matched anything, best first: for tuning and "did you mean"."""
    tokens = normalise(text)
    if not tokens:
        return []
    faq = profile.faq
    question = _is_question(text, tokens, faq)
    ranked: list[tuple[float, int, FaqAnswer]] = []
    for order, (key, topic) in enumerate(faq.topics.items()):
        score, matched = _score_topic(topic.triggers, topic.hints, tokens, faq)
        if not matched:
            continue
        if question:
            score += faq.question_bonus
        answer = FaqAnswer(
            topic=key,
            score=round(score, 3),
            title={lang: profile.fill(topic.title.for_language(lang), lang) for lang in CODES},
            answers={lang: profile.answer(key, lang) for lang in CODES},
            matched=matched,
        )
        ranked.append((score, -order, answer))
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [answer for _, _, answer in ranked]


def match_faq(text: str, profile: MunicipalityProfile) -> FaqAnswer | None:
    """The best-scoring FAQ topic for a message, if it reaches the profile's threshold."""
    ranked = rank_faq(text, profile)
    if ranked and ranked[0].score >= profile.faq.threshold:
        return ranked[0]
    return None
