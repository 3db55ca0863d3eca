"""A `Reply` as SMS text: the words, then the answers as numbers, then any link.

A phone has no buttons, so a question's options become one line, "Svara 1 för
Ja, 2 för Nej"; the engine takes a typed number (or the option's word) as the
answer, as a pressed button. Link buttons become the label and the address.
Everything is mapped into the GSM 7-bit alphabet and cut into SMS between
sentences (`gsm.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.channels.sms.gsm import split, to_gsm
from bot.conversation.types import Choice, Reply
from bot.i18n import Translator


def _numbered_in_text(text: str, count: int) -> bool:
    """The reply already lists its options as "1. …", "2. …": the numbers need no labels."""
    starts = {line.split(".", 1)[0].strip() for line in text.splitlines() if "." in line}
    return all(str(n) in starts for n in range(1, count + 1))


def answers_line(t: Translator, choices: Sequence[Choice], text: str = "") -> str:
    if len(choices) > 2 and _numbered_in_text(text, len(choices)):
        # A numbered list: the line only says how to pick, not the list again (SMS costs).
        return t.gettext("Reply with a number, 1-{count}.", count=len(choices))
    options = ", ".join(
        t.gettext("{number} for {label}", number=i, label=c.label)
        for i, c in enumerate(choices, start=1)
    )
    return t.gettext("Reply {options}.", options=options)


def reply_text(t: Translator, reply: Reply) -> str:
    """The whole reply as one text, before it is cut into SMS."""
    lines = [reply.text.strip()] if reply.text.strip() else []
    answers = [c for c in reply.choices if not c.url]
    links = [c for c in reply.choices if c.url]
    if answers:
        lines.append(answers_line(t, answers, reply.text))
    lines.extend(f"{c.label}: {c.url}" for c in links)
    return to_gsm("\n".join(lines))


def render(t: Translator, reply: Reply) -> list[str]:
    """The reply as the SMS to send, in order."""
    return split(reply_text(t, reply))
