"""What an errand's message is about, beyond its intent: which talk, box or schoolwork.

The parse contract gives the intent (`book_meeting`, `secure_content`,
`calendar`); these readers add the detail an errand needs to answer it: whether
a talk is to be cancelled or shown, whether the secure box asked for is the
documentation or the assessment, which kinds of schoolwork a calendar question
names. Pure and here, beside the parser: bot/nlu is the only reader of free text.
"""

from __future__ import annotations

import re
from enum import StrEnum


class MeetingAsk(StrEnum):
    """A development-talk message the booking flow has no intent for."""

    CANCEL = "cancel"  # "avboka samtalet"
    SHOW = "show"  # "mitt samtal", "när är Nils samtal"


class SecureBox(StrEnum):
    """The Hub's boxes that need a fresh BankID login."""

    ASSESSMENT = "assessment"
    DOCUMENTATION = "documentation"


class Schoolwork(StrEnum):
    """What of the calendar a question names ("vad har Nils för läxa", "när är provet")."""

    HOMEWORK = "homework"
    TEST = "test"
    HAND_IN = "hand_in"


_TALK = r"(?:\w*samtal\w*|möte\w*|bokning\w*|bokade tid\w*|booking|talk|meeting)"
_MEETING: tuple[tuple[MeetingAsk, re.Pattern[str]], ...] = (
    (
        MeetingAsk.CANCEL,
        re.compile(
            rf"\b(?:avboka\w*|avbeställ\w*|cancel\w*|ta bort|stryk)\b.*\b{_TALK}", re.IGNORECASE
        ),
    ),
    (
        MeetingAsk.SHOW,
        re.compile(
            r"\b(?:mitt|min|mina|my|visa|show)\b(?:\s+\w+)?\s+"
            r"(?:\w*samtal\w*|bokning\w*|bokade tid\w*|booking|talk)\b"
            r"|\bnär är (?:mitt|vårt|\w+s) \w*samtal\w*",
            re.IGNORECASE,
        ),
    ),
)

_DOCUMENTATION_WORDS = re.compile(
    r"\b(?:\w*dokumentation\w*|documentation|portfolio\w*|portfölj\w*|lärlogg\w*)\b",
    re.IGNORECASE,
)

_SCHOOLWORK: tuple[tuple[Schoolwork, re.Pattern[str]], ...] = (
    (Schoolwork.HOMEWORK, re.compile(r"\b(?:\w*läx\w*|homework)\b", re.IGNORECASE)),
    (
        Schoolwork.TEST,
        re.compile(r"\b(?:prov\w*|förhör\w*|tests?|exams?|quiz\w*)\b", re.IGNORECASE),
    ),
    (
        Schoolwork.HAND_IN,
        re.compile(r"\b(?:inlämning\w*|lämna in|hand[- ]?ins?|assignments?)\b", re.IGNORECASE),
    ),
)


def meeting_request(text: str) -> MeetingAsk | None:
    """Cancel for "avboka samtalet", show for "mitt samtal"; None for anything else."""
    return next((ask for ask, pattern in _MEETING if pattern.search(text)), None)


def secure_box(text: str) -> SecureBox:
    """Documentation when the message names it; otherwise assessment (grades, IUP, stöd …)."""
    if _DOCUMENTATION_WORDS.search(text):
        return SecureBox.DOCUMENTATION
    return SecureBox.ASSESSMENT


def schoolwork_asked(text: str) -> frozenset[Schoolwork]:
    """The kinds of schoolwork the message names (none: a plain calendar question)."""
    return frozenset(kind for kind, pattern in _SCHOOLWORK if pattern.search(text))
