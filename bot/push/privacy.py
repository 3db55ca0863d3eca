"""What may never leave in a push: secure-box content and health information.

A push is read on a lock screen, in a group chat, over a shoulder. So Hub text
that reaches a push is the least it can be: a title, a subject, a name. Secure
modules (assessments, documentation) are never read at all, their notifications
are not even counted, and a title that mentions health is replaced by a neutral
line; the whole text stays one request away in the chat.
"""

from __future__ import annotations

import re

from bot.hub.models import Notification
from bot.nlu.health import health_word

# Hub modules whose notifications a push may mention (or count). Anything else,
# including the secure boxes, is left out entirely.
PUSHABLE_APPS = frozenset({"news", "message", "calendarv2", "meeting", "attendance"})

_WORD = re.compile(r"[\wåäöÅÄÖéü]+", re.UNICODE)


def carries_health(text: str | None) -> bool:
    """Whether any word of the text is health information ("feber", "tandläkaren")."""
    if not text:
        return False
    return any(health_word(word.casefold()) for word in _WORD.findall(text))


def pushable_text(text: str | None) -> str | None:
    """The text if a push may show it; None when it is empty or mentions health."""
    cleaned = " ".join((text or "").split())
    if not cleaned or carries_health(cleaned):
        return None
    return cleaned


def pushable(notification: Notification) -> bool:
    """Whether a notification may be mentioned or counted in a push at all."""
    return (notification.app_type or "").casefold() in PUSHABLE_APPS
