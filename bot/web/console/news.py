"""A teacher's news: published on the Hub, its reach counted from the bot's own outbox.

The console never sends a push itself. It publishes through the Hub's staff
API; the push side notices the item on the Hub like any other news and queues
one outbox row per linked chat under a key that starts with
`news_key_prefix(id)`. Reach is counted from those rows. "Opened" can only mean
what the bot sees: Telegram has no read receipts, so it counts the chats whose
guardian asked for the whole text ("läs", "Läs mer"); the errand that shows it
raises the flag `news_opened_flag(id)` on that message.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Translator
from bot.push.facts import FactKey, FactKind, NewsFact
from bot.push.news import news_text
from bot.storage.base import Store
from bot.storage.models import DeliveryState, PublishedNews

MAX_TITLE = 200
MAX_TEXT = 4000


def news_key_prefix(hub_news_id: str) -> str:
    """Outbox keys of news pushes start with this (`bot.push.audience.push_key`)."""
    return f"push:news:news:{hub_news_id}:"


def news_opened_flag(hub_news_id: str) -> str:
    return f"news_opened:{hub_news_id}"


@dataclass(frozen=True, slots=True)
class NewsDraft:
    groups: tuple[str, ...]
    title: str
    text: str
    attachment_title: str
    attachment_url: str

    @property
    def attachment(self) -> dict[str, str] | None:
        if not self.attachment_url:
            return None
        return {"title": self.attachment_title or self.attachment_url, "url": self.attachment_url}

    def problems(self, t: Translator) -> list[str]:
        found = []
        if not self.groups:
            found.append(t.gettext("Choose at least one group."))
        if not self.title:
            found.append(t.gettext("Write a title."))
        if not self.text:
            found.append(t.gettext("Write the text of the news."))
        if self.attachment_url and not self.attachment_url.startswith("https://"):
            found.append(t.gettext("The attachment's address must start with https://."))
        return found


def draft_from_form(form: dict[str, list[str]]) -> NewsDraft:
    def one(name: str, limit: int) -> str:
        values = form.get(name) or [""]
        return values[0].strip()[:limit]

    return NewsDraft(
        groups=tuple(dict.fromkeys(g for g in form.get("group", []) if g)),
        title=one("title", MAX_TITLE),
        text=one("text", MAX_TEXT).replace("\r\n", "\n"),
        attachment_title=one("attachment_title", MAX_TITLE),
        attachment_url=one("attachment_url", 1000),
    )


@dataclass(frozen=True, slots=True)
class PushPreview:
    lang: str
    text: str


def push_preview(t: Translator, *, group: str, title: str) -> PushPreview:
    """The guardian's push, worded by the push side's own formatter.

    A push carries the group and the title only (and not even the title when it
    mentions health); the whole text is one "läs" away in the chat.
    """
    fact = NewsFact(
        key=FactKey(FactKind.NEWS, "", "preview"),
        child_id="",
        news_id="preview",
        title=title,
        source=group or None,
    )
    return PushPreview(t.lang, news_text(t, fact))


@dataclass(frozen=True, slots=True)
class Reach:
    news: PublishedNews
    delivered: int
    waiting: int
    failed: int
    opened: int


async def reach_of(store: Store, news: PublishedNews) -> Reach:
    counts = await store.count_outbox_chats(news_key_prefix(news.hub_news_id))
    return Reach(
        news=news,
        delivered=counts[DeliveryState.SENT],
        waiting=counts[DeliveryState.PENDING] + counts[DeliveryState.IN_FLIGHT],
        failed=counts[DeliveryState.DEAD],
        opened=await store.count_chats_with_flag(news_opened_flag(news.hub_news_id)),
    )
