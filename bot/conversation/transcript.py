"""What the transcript keeps of a text: the masked text, never the guardian's hidden words.

The store masks identity numbers, phones, e-mails and the health lexicon's words
in everything it logs. Two things only the conversation knows: which stretches
the parser's health guard dropped (wider than single words: "hon bröt armen"),
and which of the guardian's words an errand chose not to log at all (a reply to
a teacher, a comment to the staff). Those words must not come back through a
reply that quotes them ("Shall I send “…” to the staff?"), nor through what
support types in a taken-over chat, so each such text is masked by spans here
before the store sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.conversation.deps import ParseFn

# Shorter quotes are not looked for: "ja" or "ok" would mask half of every reply.
MIN_QUOTE = 4


def quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Where any of `quotes` reappears in `text` (case and spacing aside), as spans."""
    spans: list[tuple[int, int]] = []
    for quote in {" ".join(q.split()) for q in quotes}:
        if len(quote) < MIN_QUOTE:
            continue
        pattern = r"\s+".join(map(re.escape, quote.split()))
        spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
    return spans


def health_spans(
    parse: ParseFn, text: str, now: datetime, children: Sequence[str] = ()
) -> list[tuple[int, int]]:
    """The spans the parser's health guard would drop from `text`."""
    if not text:
        return []
    return [(a, b) for a, b in parse(text, now, children).health_spans]


def spans_to_mask(
    parse: ParseFn, text: str, now: datetime, quotes: Iterable[str] = ()
) -> list[tuple[int, int]]:
    """Everything in a text for the transcript that the store cannot know to mask."""
    return health_spans(parse, text, now) + quote_spans(text, quotes)


__all__ = ["MIN_QUOTE", "health_spans", "quote_spans", "spans_to_mask"]
