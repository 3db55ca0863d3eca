"""Forgive the way people type on a phone: shorthand, missing diacritics, one-letter slips.

Corrections only ever point at words the parser knows, and only for words that
are not themselves ordinary words, so "elva" stays "elva" and "vara" stays
"vara". Lookups go through a delete-one index: a handful of dict probes per
word instead of a distance computation against the whole vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

# Chat spellings that are too short or too far from the word for edit distance.
SHORTHAND: dict[str, str] = {
    "e": "är",
    "ä": "är",
    "o": "och",
    "å": "och",
    "nåt": "något",
    "nått": "något",
    "ngt": "något",
    "nån": "någon",
    "ngn": "någon",
    "nåra": "några",
    "nåsn": "någon",
    "mkt": "mycket",
    "dom": "de",
    "mej": "mig",
    "dej": "dig",
    "sej": "sig",
    "ja": "jag",
    "va": "vad",
    "vart": "vart",
    "hemm": "hemma",
    "hemam": "hemma",
    "ledi": "ledig",
    "sjk": "sjuk",
    "sjukt": "sjuk",
    "kmr": "kommer",
    "kmmr": "kommer",
    "kommr": "kommer",
    "komer": "kommer",
    "inge": "inte",
    "int": "inte",
    "ite": "inte",
    "inet": "inte",
    "ej": "inte",
    "icke": "inte",
    "tom": "tom",
    "fritis": "fritids",
    "fritds": "fritids",
    "dagis": "förskolan",
    "förskola": "förskolan",
    "pga": "pga",
    "iom": "pga",
    "pls": "tack",
    "plz": "tack",
    "snälla": "tack",
    "u": "you",
    "ur": "your",
    "r": "are",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomorow": "tomorrow",
    "tommorow": "tomorrow",
    "tommorrow": "tomorrow",
    "2day": "today",
    "todya": "today",
    "wont": "won't",
    "cant": "can't",
    "dont": "don't",
    "isnt": "isn't",
    "whats": "what's",
    "hows": "how's",
}


def within_one(a: str, b: str) -> bool:
    """Optimal string alignment distance <= 1: one letter added, dropped, changed, or two swapped."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
        la, lb = lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_FOLD = str.maketrans("åäöéèüáà", "aaoeeuaa")


def fold(word: str) -> str:
    """The word as typed on a keyboard without Swedish letters."""
    return word.translate(_FOLD)


class Corrector:
    """Maps an unknown word to the one known word it is a slip of, if exactly one fits."""

    def __init__(self, targets: Iterable[str], known: Iterable[str], min_len: int = 5) -> None:
        self._known = set(known)
        self._seen: dict[str, str | None] = {}
        self._min_len = min_len
        self._index: dict[str, set[str]] = {}
        folded: dict[str, set[str]] = {}
        for word in targets:
            self._known.add(word)
            for key in {word} | _deletes(word):
                self._index.setdefault(key, set()).add(word)
            folded.setdefault(fold(word), set()).add(word)
        self._folded = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}

    def is_known(self, word: str) -> bool:
        return word in self._known

    def correct(self, word: str) -> str | None:
        if word in self._known:
            return None
        try:
            return self._seen[word]
        except KeyError:
            pass
        found = self._correct(word)
        if len(self._seen) >= 16384:
            self._seen.clear()
        self._seen[word] = found
        return found

    def _correct(self, word: str) -> str | None:
        plain = self._folded.get(fold(word))
        if plain is not None:
            return plain
        if len(word) < self._min_len:
            return None
        found: set[str] = set()
        index = self._index
        hit = index.get(word)
        if hit:
            found |= hit
        for key in _deletes(word):
            hit = index.get(key)
            if hit:
                found |= hit
        good = [w for w in found if within_one(word, w)]
        if len(good) > 1:
            # A key that bounced ("sjukk", "hemmma") is the likeliest slip of all.
            bounced = {
                word[:i] + word[i + 1 :] for i in range(len(word) - 1) if word[i] == word[i + 1]
            }
            good = [w for w in good if w in bounced] or good
        if len(good) == 1:
            return good[0]
        return None
