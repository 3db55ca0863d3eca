"""School news: a short notice to the guardians, and the whole text when they ask.

The Hub notifies every guardian of a child in the group a teacher publishes to;
the watcher turns each such notification into a notice for that guardian's
chats. The notice carries the title only (unless it mentions health, then not
even that); "läs" in the chat shows the whole text, read from the Hub then.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.i18n import Translator, translator
from bot.push.audience import chats_for, push_key, queue_push
from bot.push.facts import NewsFact
from bot.push.privacy import pushable_text
from bot.storage.models import ChatLink

if TYPE_CHECKING:
    from bot.conversation.deps import Deps
    from bot.hub.models import NewsItem

NEWS_KIND = "news"
# Pending state of a chat member who was told of news: what "läs" opens.
READ_KEY = "push.news"
READ_WAIT = timedelta(days=3)
REMEMBERED = 5

_BREAK = re.compile(r"<\s*br\s*/?\s*>|</\s*(?:p|div|li|h\d)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """The Hub's news HTML as plain paragraphs."""
    text = _BREAK.sub("\n", markup)
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if line:
            paragraphs.append(line)
    return "\n".join(paragraphs)


def news_text(t: Translator, fact: NewsFact) -> str:
    title = pushable_text(fact.title)
    source = pushable_text(fact.source)
    if title and source:
        head = t.gettext("News from {source}: “{title}”", source=source, title=title)
    elif title:
        head = t.gettext("News from school: “{title}”", title=title)
    elif source:
        head = t.gettext("New news from {source}.", source=source)
    else:
        head = t.gettext("New news from school.")
    return f"📰 {head}\n" + t.gettext("Write “läs” to read the whole text here.")


async def push_news(deps: Deps, fact: NewsFact, links: Sequence[ChatLink]) -> int:
    """Tell each guardian chat of the account once per news item; returns pushes queued."""
    queued = 0
    for link in chats_for(links, child_id=fact.child_id):
        t = translator(link.language)
        created = await queue_push(
            deps,
            link,
            kind=NEWS_KIND,
            # Keyed by the news item, not the child: two children in the group, one notice.
            key=push_key(NEWS_KIND, f"news:{fact.news_id}", link),
            text=news_text(t, fact),
        )
        if created:
            queued += 1
            await remember_for_reading(deps, link, fact)
    return queued


async def remember_for_reading(deps: Deps, link: ChatLink, fact: NewsFact) -> None:
    store = deps.store
    now = deps.clock.now()
    current = await store.get_pending(link.member, READ_KEY)
    items: list[dict[str, Any]] = list(current.value.get("items", [])) if current else []
    items = [i for i in items if i.get("news") != fact.news_id]
    items.insert(0, {"news": fact.news_id, "child": fact.child_id})
    await store.put_pending(
        link.member, READ_KEY, {"items": items[:REMEMBERED]}, expires_at=now + READ_WAIT
    )


def newest_remembered(value: dict[str, Any]) -> tuple[str, str] | None:
    items = value.get("items")
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        return None
    first = items[0]
    if not first.get("news") or not first.get("child"):
        return None
    return str(first["child"]), str(first["news"])


def full_text(t: Translator, item: NewsItem) -> str:
    lines = [f"📰 {item.title.strip()}"]
    if item.published_by or item.published_date:
        when = (
            item.published_date.strftime("%Y-%m-%d")
            if isinstance(item.published_date, datetime)
            else ""
        )
        by = " · ".join(part for part in (item.published_by or "", when) if part)
        lines.append(by)
    body = html_to_text(item.content)
    if body:
        lines += ["", body]
    files = [a.title for a in item.attachments if a.title]
    if files:
        lines += ["", t.gettext("Attachments: {files}", files=", ".join(files))]
    return "\n".join(lines)
