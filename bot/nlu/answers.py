"""Short answers to what the bot just said or asked: cancel, read, hello, thanks.

They are read outside the parse contract (an errand waiting for a comment or a
reply asks "is this a cancel?"; a pushed news item asks "is this 'läs'?"), but
still here, beside the parser: bot/nlu is the only reader of free text. Each
question is a whole-message match against a small word table, never a search
inside longer text, so an errand is never cancelled by a sentence that merely
contains "nej".
"""

from __future__ import annotations

import re
from enum import StrEnum

_PUNCTUATION = re.compile(r"[^\w\s]+")


class Waiting(StrEnum):
    """What the bot waits for, which decides which words end the wait."""

    COMMENT = "comment"  # an optional comment to the staff (a plain "nej" is no comment)
    REPLY = "reply"  # an answer to a Hub message ("nej" could be the answer itself)


_CANCEL_WORDS: dict[Waiting, frozenset[str]] = {
    Waiting.COMMENT: frozenset(
        {"avbryt", "cancel", "stopp", "stop", "nej", "no", "ingen", "none"}
    ),
    Waiting.REPLY: frozenset(
        {"avbryt", "avbryt svaret", "cancel", "stopp", "stop", "skicka inte"}
    ),
}

_READ_WORDS = frozenset(
    {
        "läs",
        "läs mer",
        "läs den",
        "läs hela",
        "läs hela texten",
        "läs nyheten",
        "läs hela nyheten",
        "visa hela",
        "visa nyheten",
        "read",
        "read more",
        "read it",
        "read the news",
        "show the news",
    }
)

_GREETINGS = frozenset(
    {"hej", "hejsan", "hej hej", "hallå", "tjena", "tja", "tjenare", "god morgon", "godmorgon",
     "hej hubbot", "hello", "hi", "hey", "good morning", "hello hubbot", "hi hubbot"}
)  # fmt: skip
_THANKS = frozenset(
    {"tack", "tack tack", "tack så mycket", "tusen tack", "tackar", "thanks", "thank you",
     "thank you very much", "thx", "ok tack", "okej tack"}
)  # fmt: skip


def cancels(text: str, waiting: Waiting) -> bool:
    """The whole message says "stop waiting" ("Avbryt.", "skicka inte")."""
    return text.strip().strip(".!").casefold() in _CANCEL_WORDS[waiting]


def is_read_request(text: str) -> bool:
    """ "läs", "read more": open the news item the bot just told of."""
    return " ".join(text.casefold().strip(" .!?").split()) in _READ_WORDS


def _words(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def is_greeting(text: str) -> bool:
    return _words(text) in _GREETINGS


def is_thanks(text: str) -> bool:
    return _words(text) in _THANKS


def has_words(text: str) -> bool:
    """Emoji, stickers as text, punctuation: nothing a parser can read."""
    return any(ch.isalnum() for ch in text)
