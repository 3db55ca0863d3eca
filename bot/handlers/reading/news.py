"""News from school and preschool: the newest first, one button to read each.

A school-wide item reaches every child of that school; it is listed once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.reading import choose as reading
from bot.hub.errors import NotAvailableForChild, RuleRefused
from bot.hub.models import Child, NewsItem
from bot.i18n import format_day, format_day_short
from bot.nlu import ParseResult

_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def _published(item: NewsItem) -> date | None:
    return item.published_date.date() if item.published_date else None


async def _news(
    ctx: ErrandContext, children: list[Child], start: date | None, end: date | None
) -> list[tuple[NewsItem, list[Child]]]:
    found: dict[str, tuple[NewsItem, list[Child]]] = {}
    for child in reading.with_app(children, "news"):
        try:
            items = await ctx.hub.news(child)
        except NotAvailableForChild:
            continue
        for item in items:
            day = _published(item)
            if start and end and (day is None or not start <= day <= end):
                continue
            key = str(item.id)
            if key in found:
                found[key][1].append(child)
            else:
                found[key] = (item, [child])
    return sorted(
        found.values(), key=lambda pair: pair[0].published_date or _LONG_AGO, reverse=True
    )


class NewsErrand:
    name = "news"
    intents = frozenset({"news"})
    private_only = False
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        children = await reading.chosen_children(ctx, command.children)
        view: dict[str, Any] = {"children": [c.switch_id for c in children]}
        if command.dates:
            view["start"] = min(command.dates).isoformat()
            view["end"] = max(command.dates).isoformat()
        return await self._list(ctx, view, children)

    async def _list(
        self, ctx: ErrandContext, view: dict[str, Any], children: list[Child], offset: int = 0
    ) -> Outcome:
        start = date.fromisoformat(view["start"]) if view.get("start") else None
        end = date.fromisoformat(view["end"]) if view.get("end") else None
        found = await _news(ctx, children, start, end)
        names = reading.names_text(ctx, [c.first_name for c in children])
        if not found:
            return [Reply(ctx._("No news for {names} right now.", names=names))]
        items = []
        for item, whose in found:
            day = _published(item)
            when = format_day_short(day, ctx.lang) if day else ""
            line = f"{when}: {item.title}"
            if item.published_by:
                line += f" ({item.published_by})"
            items.append(
                reading.Item(
                    line,
                    item.title,
                    {
                        "id": str(item.id),
                        "child": whose[0].switch_id,
                        "view": {**view, "offset": offset},
                    },
                )
            )
        heading = ctx._("News for {names}, newest first:", names=names)
        return [reading.page(ctx, self.name, heading, items, offset=offset, more=view)]

    async def _open(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        if child is None:
            return [Reply(ctx._("That news item is no longer in the Hub."))]
        try:
            item = await ctx.hub.news_item(child, str(data.get("id")))
        except RuleRefused:
            return [Reply(ctx._("That news item is no longer in the Hub."))]
        day = _published(item)
        byline = ", ".join(
            part for part in (format_day(day, ctx.lang) if day else "", item.published_by) if part
        )
        lines = [item.title]
        if byline:
            lines.append(byline)
        body = reading.plain_text(item.content)
        if body:
            lines += ["", reading.clipped(ctx, body)]
        if item.attachments:
            titles = ", ".join(a.title for a in item.attachments if a.title)
            lines += ["", ctx._("Attachments (open them on the Hub): {titles}", titles=titles)]
        view = data.get("view")
        if isinstance(view, dict):
            return [
                Prompt(
                    self.name,
                    "\n".join(lines),
                    [Option(ctx._("Back to the list"), reading.MORE, view)],
                    menu=True,
                )
            ]
        return [Reply("\n".join(lines))]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == reading.OPEN:
            return await self._open(ctx, data)
        if action == reading.MORE:
            children = await reading.children_by_id(ctx, data.get("children", []))
            return await self._list(
                ctx, data, children or await ctx.children(), reading.offset_of(data)
            )
        return []
