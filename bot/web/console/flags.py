"""What makes a conversation worth a person's look, read from the bot's own log.

The engine writes flags on each logged message (`not_understood`,
`errand_failed`, `errand_queued`, `secure_refusal`, and `asked_human` from the
support errand); the console writes `staff_joined`, `staff_reply` and
`handed_back` on the lines it sends. A hand-back closes the matter: only what
happened after the last one counts, so a handled conversation drops off the
flagged list until something new goes wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.i18n import N_
from bot.storage.models import Direction, LogEntry

ASKED_HUMAN = "asked_human"
NOT_UNDERSTOOD = "not_understood"
NOT_UNDERSTOOD_TWICE = "not_understood_twice"
ERRAND_FAILED = "errand_failed"
ERRAND_QUEUED = "errand_queued"
SECURE_REFUSAL = "secure_refusal"

STAFF_JOINED = "staff_joined"
STAFF_REPLY = "staff_reply"
HANDED_BACK = "handed_back"

# The flags staff filter by, in the order the console shows them, with their labels.
CONSOLE_FLAGS: dict[str, str] = {
    ASKED_HUMAN: N_("Asked for a person"),
    NOT_UNDERSTOOD_TWICE: N_("Not understood twice in a row"),
    ERRAND_FAILED: N_("Errand failed"),
    ERRAND_QUEUED: N_("Errand queued"),
    SECURE_REFUSAL: N_("Secure content refused"),
}
_PLAIN = (ASKED_HUMAN, ERRAND_FAILED, ERRAND_QUEUED, SECURE_REFUSAL)


def since_last_hand_back(entries: Sequence[LogEntry]) -> list[LogEntry]:
    """`entries` oldest first; those after the last hand-back to the bot."""
    start = 0
    for index, entry in enumerate(entries):
        if HANDED_BACK in entry.flags:
            start = index + 1
    return list(entries[start:])


def not_understood_twice(entries: Iterable[LogEntry]) -> bool:
    """Two of the person's messages in a row that the bot did not understand."""
    previous = False
    for entry in entries:
        if entry.direction != Direction.IN:
            continue
        current = NOT_UNDERSTOOD in entry.flags
        if current and previous:
            return True
        previous = current
    return False


def conversation_flags(
    entries: Sequence[LogEntry], *, open_ticket: bool = False
) -> frozenset[str]:
    """The console flags of a conversation from its log, oldest first."""
    recent = since_last_hand_back(entries)
    found = {flag for entry in recent for flag in entry.flags if flag in _PLAIN}
    if open_ticket:
        found.add(ASKED_HUMAN)
    if not_understood_twice(recent):
        found.add(NOT_UNDERSTOOD_TWICE)
    return frozenset(found)
