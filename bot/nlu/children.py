"""Which of the family's children a message is about.

Names match case-insensitively, with the genitive ("Elsas", "Elsa's") and one
typo forgiven only where it cannot be something else: words of four letters or
more, not an ordinary word, and no other child as close. Group words
("barnen", "båda", "both kids") mean every child.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlu.lexer import WORD, Token
from bot.nlu.spelling import within_one
from bot.nlu.words import COMMON_WORDS

GROUP_WORDS = frozenset(
    {
        "barnen",
        "barnens",
        "båda",
        "bägge",
        "bäggе",
        "alla",
        "allihop",
        "allihopa",
        "syskonen",
        "tvillingarna",
        "twins",
        "ungarna",
        "kidsen",
        "barna",
        "both",
        "kids",
        "children",
    }
)
# "alla dagar", "båda dagarna", "all times": the group word counts things, not children.
_NOT_CHILDREN_AFTER = frozenset(
    {
        "fall",
        "fallen",
        "dagar",
        "dagarna",
        "dag",
        "dagen",
        "veckor",
        "veckorna",
        "tider",
        "tiderna",
        "gånger",
        "gångerna",
        "betyg",
        "betygen",
        "meddelanden",
        "meddelandena",
        "nyheter",
        "nyheterna",
        "uppgifter",
        "mina",
        "mitt",
        "min",
        "info",
        "data",
        "möjliga",
        "prov",
        "proven",
        "läxor",
        "ämnen",
        "ämnena",
        "days",
        "times",
        "messages",
        "news",
        "grades",
        "the",
        "of",
        "my",
        "day",
        "week",
        "weeks",
    }
)
# Possessive pronouns before "barn": "mina barn", "våra barn", "my kids".
_OUR = frozenset({"mina", "våra", "my", "our", "the", "all", "both"})


@dataclass(slots=True)
class ChildMention:
    first: int
    last: int
    names: list[str]  # empty for nothing; every child for a group word
    group: bool = False
    typo: bool = False


def _fold_name(name: str) -> list[str]:
    low = unicodedata.normalize("NFC", name.strip().lower())
    words: list[str] = []
    cur = []
    for ch in low:
        if ch.isalpha():
            cur.append(ch)
        elif cur:
            words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    return words


class ChildIndex:
    """The family's names, prepared once per call."""

    def __init__(self, children: Sequence[str]) -> None:
        self._seen: dict[str, tuple[int, bool] | None] = {}
        self.nothing: set[str] = set()  # words seen to name no child
        self.children = [c for c in children if isinstance(c, str) and c.strip()]
        self.words = [_fold_name(c) for c in self.children]
        self.exact: dict[str, int] = {}
        self.multi: dict[str, list[int]] = {}
        for k, words in enumerate(self.words):
            if len(words) == 1:
                self.exact.setdefault(words[0], k)
            elif words:
                self.multi.setdefault(words[0], []).append(k)

    def single_word(self, word: str) -> tuple[int, bool] | None:
        """(child index, typo) for one word token, genitive and typo forgiven."""
        try:
            return self._seen[word]
        except KeyError:
            pass
        found = self._single_word(word)
        if len(self._seen) < 4096:
            self._seen[word] = found
        return found

    def _single_word(self, word: str) -> tuple[int, bool] | None:
        k = self.exact.get(word)
        if k is not None:
            return k, False
        if len(word) > 2 and word.endswith("s"):
            k = self.exact.get(word[:-1])
            if k is not None:
                return k, False
        if len(word) < 4 or word in COMMON_WORDS:
            return None
        best: list[int] = []
        for cand in (word, word[:-1] if word.endswith("s") and len(word) > 4 else None):
            if cand is None or cand in COMMON_WORDS:
                continue
            for k, words in enumerate(self.words):
                if (
                    len(words) == 1
                    and len(words[0]) >= 3
                    and within_one(cand, words[0])
                    and k not in best
                ):
                    best.append(k)
            if best:
                break
        if len(best) == 1:
            return best[0], True
        return None


def find_children(
    toks: list[Token], index: ChildIndex, blocked: list[bool], is_known: set[str] | None = None
) -> list[ChildMention]:
    out: list[ChildMention] = []
    n = len(toks)
    every = list(index.children)
    nothing = index.nothing
    i = 0
    while i < n:
        tok = toks[i]
        if blocked[i] or tok.kind != WORD or tok.low in nothing:
            i += 1
            continue
        word = tok.low
        # multi-word names ("Ann Sofie", "Ann-Sofie")
        matched = False
        for k in index.multi.get(word, ()):
            words = index.words[k]
            j, w = i, 0
            while j < n and w < len(words):
                if toks[j].kind == WORD:
                    if toks[j].low != words[w] and not (
                        w == len(words) - 1 and toks[j].low == words[w] + "s"
                    ):
                        break
                    w += 1
                elif toks[j].norm not in ("-", "‐"):
                    break
                j += 1
            if w == len(words):
                out.append(ChildMention(i, j - 1, [index.children[k]]))
                i = j
                matched = True
                break
        if matched:
            continue
        hit = None
        if not (is_known and word in is_known and word not in index.exact):
            hit = index.single_word(word)
        if hit is not None:
            k, typo = hit
            last = i
            # "Elsa's", "Elsa:s"
            if (
                i + 2 < n
                and toks[i + 1].norm in ("'", "’", ":", "´", "`")
                and toks[i + 2].low == "s"
                and not toks[i + 1].gap
                and not toks[i + 2].gap
            ):
                last = i + 2
            out.append(ChildMention(i, last, [index.children[k]], typo=typo))
            i = last + 1
            continue
        if word in GROUP_WORDS or (word == "barn" and i > 0 and toks[i - 1].norm in _OUR):
            nxt = toks[i + 1].norm if i + 1 < n else ""
            if word in ("alla", "båda", "bägge", "both", "all") and nxt in _NOT_CHILDREN_AFTER:
                i += 1
                continue
            last = i
            if (
                nxt in ("barnen", "barn", "tre", "fyra", "kids", "children", "of")
                and word != "barnen"
            ):
                last = i + 1
                if nxt == "of" and i + 2 < n and toks[i + 2].norm in ("them", "the"):
                    last = i + 2
            out.append(ChildMention(i, last, every, group=True))
            i = last + 1
            continue
        if (
            word in ("the", "all", "my", "our")
            and i + 1 < n
            and toks[i + 1].norm
            in (
                "kids",
                "children",
            )
        ):
            out.append(ChildMention(i, i + 1, every, group=True))
            i += 2
            continue
        if word not in index.multi and word not in _CONTEXT_WORDS and len(nothing) < 8192:
            nothing.add(word)  # never a name nor a group word, wherever it stands
        i += 1
    return out


_CONTEXT_WORDS = GROUP_WORDS | {"barn", "the", "all", "my", "our"}


_INDEXES: dict[tuple[str, ...], ChildIndex] = {}


def child_index(children: Sequence[str]) -> ChildIndex:
    """The index for a family, reused: the same family writes many messages."""
    key = tuple(children)
    index = _INDEXES.get(key)
    if index is not None:
        return index
    key = tuple(c for c in children if isinstance(c, str))
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) >= 1024:
            _INDEXES.clear()
        index = _INDEXES[key] = ChildIndex(key)
    return index
