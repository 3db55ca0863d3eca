"""The conversation engine: one incoming message in, replies out.

It finds the chat member's link, turns text into a command (or a pressed button
into the answer of a stored question), hands it to the errand that owns it,
turns prompts into buttons, and writes the redacted log. It knows nothing of
Hub rules (those are the errands') and nothing of any channel's wire format.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.conversation.prompts import (
    PROMPT_KEY,
    Option,
    Prompt,
    StoredPrompt,
    expiry,
    new_nonce,
    render,
    split_payload,
    typed_answer,
)
from bot.conversation.types import Choice, Incoming, Reply
from bot.handlers.context import Errand, ErrandContext, Outcome, TextTaker
from bot.hub.errors import (
    AccessDenied,
    HubError,
    HubUnavailable,
    LoginRequired,
    NotAvailableForChild,
    RateLimited,
)
from bot.i18n import Translator, translator
from bot.storage.models import ChatKey, Direction, MemberKey

if TYPE_CHECKING:
    from bot.nlu import ParseResult
    from bot.services import Services

log = logging.getLogger(__name__)

# Words that undo this chat's last write, whatever the parser would make of them.
UNDO_WORDS = frozenset({"ångra", "ångra det", "ångra senaste", "undo", "undo that"})

# An errand that erased the member's data (forget_me) raises this flag: nothing more is logged.
ERASED = "erased"

# Longer messages are cut before parsing: nobody types an errand this long, and
# the parser's cost must stay bounded whatever arrives.
MAX_TEXT = 2000


class Conversation:
    def __init__(self, services: Services, errands: Sequence[Errand]) -> None:
        self.services = services
        self._by_intent: dict[str, Errand] = {}
        self._by_name: dict[str, Errand] = {}
        for errand in errands:
            self._by_name[errand.name] = errand
            for intent in errand.intents:
                self._by_intent[intent] = errand
        self._locks: defaultdict[MemberKey, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._text_takers: list[TextTaker] = [e for e in errands if isinstance(e, TextTaker)]

    def errand(self, name: str) -> Errand | None:
        return self._by_name.get(name)

    def errand_for(self, intent: str) -> Errand | None:
        """The errand owning an intent (e.g. to run a suggestion the member picked)."""
        return self._by_intent.get(intent)

    async def context_for(self, member: MemberKey) -> ErrandContext | None:
        """A context for work that runs without a message (queued errands, filings)."""
        link = await self.services.store.get_link(member)
        if link is None or not link.active:
            return None
        return ErrandContext(
            services=self.services,
            link=link,
            hub=await self.services.hub_for(link),
            t=translator(link.language),
            is_group=not member.is_private,
            now=self.services.clock.now(),
        )

    async def handle(self, msg: Incoming) -> list[Reply]:
        """Messages of one chat member are handled one at a time, in order."""
        member = ChatKey.of(msg.chat).member(msg.sender_id if msg.chat.is_group else None)
        async with self._locks[member]:
            return await self._handle(member, msg)

    async def _handle(self, member: MemberKey, msg: Incoming) -> list[Reply]:
        store = self.services.store
        if await self.services.taken_over(member.chat):
            # A person from support has this chat: the bot only keeps the log.
            await store.append_log(
                member.chat, Direction.IN, msg.text or "[button]", member_id=member.member_id
            )
            return []
        link = await store.get_link(member)
        if link is None or not link.active:
            replies = await self.services.linking.welcome(member, msg)
            await self._log_out(member, replies)
            return replies
        await store.touch_link(link.id)
        t = translator(link.language)
        hub = await self.services.hub_for(link)
        ctx = ErrandContext(
            services=self.services,
            link=link,
            hub=hub,
            t=t,
            is_group=msg.chat.is_group,
            now=self.services.clock.now(),
        )
        try:
            outcome = await self._dispatch(ctx, msg)
        except Exception as exc:  # every failure gets a friendly answer, never a traceback
            outcome = self._failure(ctx, exc)
        replies = await self._render(ctx, outcome)
        if ERASED in ctx.flags:
            # The errand deleted this member's data; logging now would write it back.
            return replies
        # Logged after the errand ran, so the flags it raised travel with the message.
        await self._log_in(ctx)
        await self._log_out(member, replies)
        return replies

    async def _dispatch(self, ctx: ErrandContext, msg: Incoming) -> Outcome:
        store = self.services.store
        if msg.choice is not None:
            ctx.logged_text = "[button]"
            return await self._answer(ctx, msg.choice)
        text = (msg.text or "").strip()
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT]
        open_prompt = await store.get_pending(ctx.member, PROMPT_KEY)
        if open_prompt is not None:
            stored = StoredPrompt.from_json(open_prompt.value)
            index = typed_answer(stored, text)
            if index is not None:
                ctx.logged_text = text
                return await self._answer(ctx, f"{stored.nonce}:{index}")
        ctx.logged_text = text
        for taker in self._text_takers:
            # An errand waiting for free text (a reply to a message, a comment to staff)
            # takes it before the parser sees it.
            taken = await taker.takes_text(ctx, text)
            if taken is not None:
                if open_prompt is not None:
                    await store.pop_pending(ctx.member, PROMPT_KEY)
                return taken
        command = await self._parse(ctx, text)
        if text.casefold().strip(" .!") in UNDO_WORDS:
            command = command.model_copy(update={"intent": "undo"})
        ctx.command = command
        if open_prompt is not None:
            # A new errand replaces an unanswered question; its buttons stop working.
            await store.pop_pending(ctx.member, PROMPT_KEY)
        errand = self._by_intent.get(command.intent) or self._by_intent["unknown"]
        return await errand.handle(ctx, command)

    async def _parse(self, ctx: ErrandContext, text: str) -> ParseResult:
        children = [c.first_name for c in await ctx.children()]
        return self.services.parse(text, ctx.now, children)

    async def _answer(self, ctx: ErrandContext, payload: str) -> Outcome:
        parts = split_payload(payload)
        taken = await self.services.store.pop_pending(ctx.member, PROMPT_KEY) if parts else None
        if parts is None or taken is None:
            return [Reply(ctx._("That question has already been answered or has expired."))]
        stored = StoredPrompt.from_json(taken.value)
        nonce, index = parts
        if stored.nonce != nonce or not 0 <= index < len(stored.options):
            # Not this question's button: put the open question back untouched.
            await self.services.store.put_pending(
                ctx.member, PROMPT_KEY, taken.value, expires_at=taken.expires_at
            )
            return [Reply(ctx._("That question has already been answered or has expired."))]
        option = stored.options[index]
        errand = self._by_name.get(stored.errand)
        if errand is None:
            return [Reply(ctx._("That question has already been answered or has expired."))]
        outcome = await errand.choose(ctx, option.action, option.data)
        # The answered question's message is edited to show what was chosen.
        for item in outcome:
            if isinstance(item, Reply) and item.replaces_prompt is None:
                item.replaces_prompt = nonce
                break
        return outcome

    def _failure(self, ctx: ErrandContext, exc: Exception) -> Outcome:
        ctx.flags.add("errand_failed")
        if isinstance(exc, LoginRequired):
            return [Reply(ctx._("Your Hub login has expired. Link your account again."))]
        if isinstance(exc, RateLimited | HubUnavailable):
            return [
                Reply(ctx._("The Hub is not answering right now. Please try again in a while."))
            ]
        if isinstance(exc, AccessDenied):
            return [Reply(ctx._("The Hub does not allow that for your account."))]
        if isinstance(exc, NotAvailableForChild):
            return [Reply(ctx._("That part of the Hub is not available for this child."))]
        if isinstance(exc, HubError):
            return [Reply(ctx._("The Hub could not do that right now. Please try again later."))]
        log.exception("errand failed: %s", type(exc).__name__)
        return [Reply(ctx._("Something went wrong on my side. Please try again."))]

    async def _render(self, ctx: ErrandContext, outcome: Outcome) -> list[Reply]:
        replies: list[Reply] = []
        for item in outcome:
            if isinstance(item, Prompt):
                nonce = new_nonce()
                stored = StoredPrompt(nonce, item.errand, list(item.options))
                await self.services.store.put_pending(
                    ctx.member, PROMPT_KEY, stored.to_json(), expires_at=expiry(ctx.now)
                )
                replies.append(render(item, nonce))
            else:
                replies.append(item)
        return replies

    async def _log_in(self, ctx: ErrandContext) -> None:
        command = ctx.command
        slots: dict[str, Any] | None = None
        spans: list[tuple[int, int]] = []
        if command is not None:
            slots = command.to_contract()
            spans = [(a, b) for a, b in command.health_spans]
        await self.services.store.append_log(
            ctx.member.chat,
            Direction.IN,
            ctx.logged_text,
            member_id=ctx.member.member_id,
            intent=command.intent if command else None,
            slots=slots,
            flags=sorted(ctx.flags),
            sensitive_spans=spans,
        )

    async def _log_out(self, member: MemberKey, replies: Sequence[Reply]) -> None:
        for reply in replies:
            await self.services.store.append_log(
                member.chat, Direction.OUT, reply.text, member_id=member.member_id
            )


def option(label: str, action: str, **data: Any) -> Option:
    return Option(label, action, data)


def link_button(t: Translator, url: str) -> Choice:
    return Choice(t.gettext("Link my Hub account"), url=url)


__all__ = ["Conversation", "link_button", "option"]
