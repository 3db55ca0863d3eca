"""The Swedish (and English) command parser: a guardian's message in, one command out.

`parse(text, now, children)` is pure and fast; `explain(result, text)` says in
a sentence what was understood, for the reply.
"""

from __future__ import annotations

from bot.nlu.explain import explain, redact_health
from bot.nlu.model import Intent, ParseResult, TimeSpan
from bot.nlu.parser import parse

__all__ = ["Intent", "ParseResult", "TimeSpan", "explain", "parse", "redact_health"]
