"""The summary on demand, and the chat's push settings.

"sammanfattning" shows the evening summary now, built by the same builder the
evening round uses. "sammanfattning kl 19", "sammanfattning av/på", "tyst
22-06", "larm dygnet runt" change when and whether the bot speaks unasked; they
are not parser intents, so `takes_text` recognises them with a strict matcher
before the parser sees the message. It also opens the news a push told of
("läs").
"""

from __future__ import annotations

from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.types import Reply
from bot.hub.errors import NotAvailableForChild, RuleRefused
from bot.i18n import format_time
from bot.nlu import ParseResult
from bot.nlu.answers import is_read_request
from bot.push.chat_settings import SettingChange, apply_setting, read_setting
from bot.push.news import READ_KEY, full_text, newest_remembered
from bot.push.quiet_hours import time_is_quiet
from bot.push.scheduler import ensure_rounds
from bot.push.summary import EveningSummary
from bot.storage.models import Preferences

# `bot.web.console.news.news_opened_flag` reads this flag back.
NEWS_OPENED_FLAG = "news_opened"


async def summary_now(ctx: ErrandContext) -> Outcome:
    links = await ctx.store.list_links_for_chat(ctx.member.chat)
    # A builder of its own: whoever asks wants what the Hub says now.
    builder = EveningSummary(ctx.store, ctx.clock, ctx.hubs, ctx.shared)
    message = await builder.build(ctx.member.chat, links or [ctx.link], ctx.now)
    if message is None:
        return [Reply(ctx._("Nothing new, and nothing special tomorrow."))]
    return [Reply(message.text)]


def _hhmm(ctx: ErrandContext, value: Any) -> str:
    return format_time(value, ctx.lang)


def confirmation(ctx: ErrandContext, change: SettingChange, prefs: Preferences) -> str:
    quiet = prefs.quiet_hours
    if change.kind == "summary_time":
        text = ctx._(
            "OK, I will send the evening summary at {time}.",
            time=_hhmm(ctx, prefs.summary_time),
        )
        if time_is_quiet(prefs.summary_time, quiet) and quiet is not None:
            text += " " + ctx._(
                "That is within your quiet hours ({start}–{end}), so it will wait until {end}.",
                start=_hhmm(ctx, quiet[0]),
                end=_hhmm(ctx, quiet[1]),
            )
        return text
    if change.kind == "summary_on":
        if prefs.summary_enabled:
            return ctx._(
                "OK, the evening summary is on, at {time}.", time=_hhmm(ctx, prefs.summary_time)
            )
        return ctx._(
            "OK, no evening summary from now on. Write “sammanfattning på” to get it back."
        )
    if change.kind == "quiet_hours":
        if quiet is None:
            return ctx._("OK, no quiet hours: I send things as they happen.")
        return ctx._(
            "OK, quiet hours {start}–{end}: what I would send then waits until {end}.",
            start=_hhmm(ctx, quiet[0]),
            end=_hhmm(ctx, quiet[1]),
        )
    if prefs.alerts_any_hour:
        return ctx._(
            "OK, alerts about invalid absence reach you at any hour, also during quiet hours."
        )
    return ctx._("OK, alerts about invalid absence wait for the end of your quiet hours too.")


class SummaryErrand:
    name = "summary"
    intents = frozenset({"summary"})
    private_only = False
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        return await summary_now(ctx)

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return await summary_now(ctx)

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None:
        if is_read_request(text):
            return await self._read_news(ctx)
        change = read_setting(text)
        if change is None:
            return None
        return await self._apply(ctx, change)

    async def _apply(self, ctx: ErrandContext, change: SettingChange) -> Outcome:
        store = ctx.store
        prefs = apply_setting(ctx.link.preferences, change)
        # A chat has one rhythm: every linked member of a group gets the same setting.
        for link in await store.list_links_for_chat(ctx.member.chat):
            updated = await store.set_preferences(link.id, apply_setting(link.preferences, change))
            if updated is not None and updated.id == ctx.link.id:
                ctx.link = updated
                prefs = updated.preferences
        if change.kind in ("summary_time", "summary_on"):
            await ensure_rounds(ctx.store, ctx.clock)
        return [Reply(confirmation(ctx, change, prefs))]

    async def _read_news(self, ctx: ErrandContext) -> Outcome | None:
        pending = await ctx.store.get_pending(ctx.member, READ_KEY)
        remembered = newest_remembered(pending.value) if pending else None
        if remembered is None:
            return None
        child_id, news_id = remembered
        try:
            item = await ctx.hub.news_item(child_id, news_id)
        except (NotAvailableForChild, RuleRefused):
            return [Reply(ctx._("That news item is no longer in the Hub."))]
        # The staff console counts the chats that opened a news item by this flag.
        ctx.flags.add(f"{NEWS_OPENED_FLAG}:{news_id}")
        return [Reply(full_text(ctx.t, item))]
