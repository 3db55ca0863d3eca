"""Hub items shown for reading in a chat: short pages with a button per item.

Calendar, news and messages all answer the same way: a few lines, each with a
button that opens it, and "Visa fler" for the next few. Keeping the page here
makes the three read the same, and numbers the lines so a typed "2" opens the
second, as it would press its button.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.errand import ErrandContext
from bot.conversation.prompts import Option, Prompt
from bot.hub.models import Child

PAGE_SIZE = 5
LABEL_LIMIT = 40
# Telegram allows 4096 characters; an item longer than this is read on the Hub.
BODY_LIMIT = 1500
OPEN = "open"
MORE = "more"

_BREAKS = re.compile(r"<\s*(?:br\s*/?|/p|/div|/li|/h\d)\s*>", re.IGNORECASE)
_ITEM = re.compile(r"<\s*li[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a list and what opening it needs."""

    line: str
    label: str
    data: dict[str, Any] = field(default_factory=dict)


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain_text(markup: str | None) -> str:
    """The Hub's HTML as the lines a person reads."""
    if not markup:
        return ""
    text = _ITEM.sub("• ", _BREAKS.sub("\n", markup))
    text = html.unescape(_TAG.sub("", text)).replace("\r", "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clipped(ctx: ErrandContext, body: str) -> str:
    if len(body) <= BODY_LIMIT:
        return body
    return body[:BODY_LIMIT].rstrip() + "…\n" + ctx._("(Read the rest on the Hub.)")


def page(
    ctx: ErrandContext,
    errand: str,
    heading: str,
    items: Sequence[Item],
    *,
    offset: int = 0,
    more: dict[str, Any] | None = None,
) -> Prompt:
    """`heading` and up to PAGE_SIZE numbered items from `offset`, each with a button.

    `more` is the data "Visa fler" hands back to the errand (with the next offset).
    """
    shown = list(items[offset : offset + PAGE_SIZE])
    lines = [heading, *(f"{i}. {item.line}" for i, item in enumerate(shown, start=1))]
    options = [Option(short(item.label), OPEN, item.data) for item in shown]
    rest = len(items) - offset - len(shown)
    if rest > 0:
        lines.append(ctx._("… and {n} more.", n=rest))
        options.append(
            Option(ctx._("Show more"), MORE, {**(more or {}), "offset": offset + PAGE_SIZE})
        )
    return Prompt(errand, "\n".join(lines), options, menu=True)


def offset_of(data: dict[str, Any]) -> int:
    try:
        return max(int(data.get("offset", 0)), 0)
    except (TypeError, ValueError):
        return 0


def with_app(children: Sequence[Child], app: str) -> list[Child]:
    """Children whose Hub has this module; unknown modules (not switched to yet) count."""
    return [c for c in children if not c.apps or c.has(app)]


async def chosen_children(ctx: ErrandContext, names: Sequence[str]) -> list[Child]:
    """The children a message named, or every child this chat handles."""
    if names:
        named = await ctx.children_named(names)
        if named:
            return named
    return await ctx.children()


async def children_by_id(ctx: ErrandContext, ids: Sequence[str]) -> list[Child]:
    wanted = {str(i) for i in ids}
    return [c for c in await ctx.children() if c.switch_id in wanted]


async def child_by_id(ctx: ErrandContext, switch_id: object) -> Child | None:
    found = await children_by_id(ctx, [str(switch_id)])
    return found[0] if found else None


def names_text(ctx: ErrandContext, names: Sequence[str]) -> str:
    """ "Elsa", "Elsa och Nils", "Saga, Noah och Ali"."""
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ctx._("{first} and {last}", first=", ".join(names[:-1]), last=names[-1])
