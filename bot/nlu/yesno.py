"""Is a short message a yes or a no? Answers to the bot's own questions, as parents type them.

"ja tack", "japp", "kör på", "gör det", "yes please", "sure", "nej tack", "nä",
"no thanks", "avbryt", 👍 and 👎: a small vocabulary of answer words and polite
fillers, not a list of button labels. The message must be an answer and nothing
else: "ja, men Nils är sjuk imorgon" is a new message, not a yes.

Pure: no I/O, no state. Letters typed twice or more count once ("jaaa", "okeeej",
"nääe"), so the vocabulary lists each word once in its short form.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


def _collapse(word: str) -> str:
    """ "jaaa" → "ja", "japp" → "jap": a letter repeated in a row counts once."""
    return re.sub(r"(.)\1+", r"\1", word)


def _phrases(*phrases: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(_collapse(w) for w in p.split()) for p in phrases)


# Whole answers. Multi-word entries are phrases that only mean yes or no together.
YES = _phrases(
    # Swedish
    "ja",
    "jaa",
    "japp",
    "jepp",
    "jo",
    "joo",
    "jajamen",
    "javisst",
    "visst",
    "absolut",
    "gärna",
    "ok",
    "oki",
    "okej",
    "okey",
    "okay",
    "okejdå",
    "kör",
    "kör på",
    "kör det",
    "gör det",
    "gör så",
    "det stämmer",
    "stämmer",
    "rätt",
    "precis",
    "exakt",
    "självklart",
    "toppen",
    "perfekt",
    "bra",
    "fint",
    "låter bra",
    "det blir bra",
    "j",
    # Saying the errand's own verb back: "ja, anmäl henne", "ok skicka".
    "anmäl",
    "anmäl det",
    "anmäl henne",
    "anmäl honom",
    "anmäl dem",
    "anmäl båda",
    "skicka",
    "skicka det",
    "spara",
    "boka",
    "boka det",
    "ändra",
    "lägg in",
    "lägg in det",
    # English
    "yes",
    "yeah",
    "yea",
    "yep",
    "yup",
    "y",
    "sure",
    "sure thing",
    "of course",
    "ofc",
    "go ahead",
    "go",
    "do it",
    "please do",
    "correct",
    "right",
    "that's right",
    "thats right",
    "sounds good",
    "alright",
    "all right",
    "fine",
    "great",
    "confirm",
    "confirmed",
    "report it",
    "send it",
    "book it",
    "save it",
)
NO = _phrases(
    # Swedish
    "nej",
    "nä",
    "näe",
    "nää",
    "nix",
    "nej då",
    "nejdå",
    "inte",
    "hellre inte",
    "avbryt",
    "stopp",
    "stoppa",
    "glöm det",
    "strunt i det",
    "skit i det",
    "låt bli",
    "gör inte det",
    "gör det inte",
    "inte nu",
    "n",
    # English
    "no",
    "nope",
    "nah",
    "no way",
    "not now",
    "cancel",
    "stop",
    "never mind",
    "nevermind",
    "forget it",
    "don't",
    "dont",
    "do not",
)
# Politeness around an answer: "ja tack", "yes please", "nej tack du", "ok tack så mycket".
FILLERS = _phrases(
    "tack",
    "tackar",
    "tack så mycket",
    "tusen tack",
    "snälla",
    "du",
    "då",
    "bara",
    "please",
    "pls",
    "plz",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "sir",
    "mate",
    "hej",
    "hi",
    "oh",
    "å",
    "och",
    "and",
)
EMOJI = {
    "👍": Answer.YES,
    "👌": Answer.YES,
    "✅": Answer.YES,
    "✔": Answer.YES,
    "☑": Answer.YES,
    "🆗": Answer.YES,
    "🙂": Answer.YES,
    "😊": Answer.YES,
    "🙏": Answer.YES,
    "💪": Answer.YES,
    "👎": Answer.NO,
    "❌": Answer.NO,
    "✖": Answer.NO,
    "🚫": Answer.NO,
    "🙅": Answer.NO,
    "⛔": Answer.NO,
}
# Longest phrase in the vocabulary, in words: a longer stretch cannot be one entry.
_LONGEST = max(len(p) for p in YES | NO | FILLERS)
# Skin tones, variation selectors and joiners change nothing about what an emoji says.
_EMOJI_NOISE = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u200d\u2642\u2640]")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
MAX_LENGTH = 60


def classify(text: str) -> Answer | None:
    """YES or NO when the whole message is an answer; None for anything else."""
    if not text or len(text) > MAX_LENGTH:
        return None
    cleaned = _EMOJI_NOISE.sub("", unicodedata.normalize("NFC", text)).casefold()
    found: set[Answer] = {answer for mark, answer in EMOJI.items() if mark in cleaned}
    for mark in EMOJI:
        cleaned = cleaned.replace(mark, " ")
    if any(unicodedata.category(ch) == "So" for ch in cleaned):
        return None  # another picture: not one we know the meaning of
    words = [_collapse(w.replace("’", "'")) for w in _WORD.findall(cleaned.replace("’", "'"))]
    spans = _cover(tuple(words))
    if spans is None:
        return None
    found |= spans
    return found.pop() if len(found) == 1 else None


def _cover(words: tuple[str, ...]) -> set[Answer] | None:
    """Split the words into vocabulary phrases; the answers they carry, or None if one is not."""
    answers: set[Answer] = set()
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            phrase = words[i : i + size]
            if phrase in YES:
                answers.add(Answer.YES)
            elif phrase in NO:
                answers.add(Answer.NO)
            elif phrase not in FILLERS:
                continue
            i += size
            break
        else:
            return None
    return answers


__all__ = ["Answer", "classify"]
