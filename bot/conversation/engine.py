"""The conversation engine: one incoming message in, replies out.

It finds the chat member's link, turns text into a command (or a pressed button
into the answer of a stored question), hands it to the errand that owns it,
turns prompts into buttons, and writes the redacted log. It knows nothing of
Hub rules (those are the errands') and nothing of any channel's wire format;
it keeps the rules that hold for every errand on every channel: a private-only
errand never answers in front of a group, a chat support has taken over is not
answered by the bot, and every failure gets a friendly sentence.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.conversation import transcript
from bot.conversation.errand import ERASED, ErrandContext, Outcome, context_for
from bot.conversation.prompts import (
    PROMPT_KEY,
    Fate,
    OpenPrompts,
    Option,
    Prompt,
    StoredPrompt,
    expiry,
    new_nonce,
    render,
    render_stored,
    split_payload,
    typed_answer,
)
from bot.conversation.types import ChatRef, Choice, Incoming, Reply
from bot.hub.errors import (
    AccessDenied,
    HubError,
    HubUnavailable,
    LoginRequired,
    NotAvailableForChild,
    RateLimited,
)
from bot.i18n import Translator, supported, translator
from bot.nlu.language import detect as detect_language
from bot.storage.models import ChatKey, ChatLink, Direction, Language, LanguageSource, MemberKey

if TYPE_CHECKING:
    from bot.conversation.deps import Deps
    from bot.nlu import ParseResult

log = logging.getLogger(__name__)

# Words that undo this chat's last write, whatever the parser would make of them.
UNDO_WORDS = frozenset({"ångra", "ångra det", "ångra senaste", "undo", "undo that"})
UNDO_INTENT = "undo"
UNKNOWN_INTENT = "unknown"

# Longer messages are cut before parsing: nobody types an errand this long, and
# the parser's cost must stay bounded whatever arrives.
MAX_TEXT = 2000
# How often a link's last-seen stamp is renewed while the chat is in use.
LAST_SEEN_GRAIN = timedelta(days=1)

STALE = "That question has already been answered or has expired."
# The flag on the line that told the parent support got their message.
SUPPORT_ACK = "support_ack"
ACK_LOOKBACK = 30


def member_of(chat: ChatRef, sender_id: str) -> MemberKey:
    """In a group each person is their own member; a private chat has one."""
    return ChatKey.of(chat).member(sender_id if chat.is_group else None)


class Conversation:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.errands = deps.errands
        self._locks: defaultdict[MemberKey, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def taken_over(self, chat: ChatKey) -> bool:
        """Whether support staff have claimed this chat (the console sets this)."""
        return await self.deps.store.get_claim(chat) is not None

    async def handle(self, msg: Incoming) -> list[Reply]:
        """Messages of one chat member are handled one at a time, in order."""
        member = member_of(msg.chat, msg.sender_id)
        async with self._locks[member]:
            return await self._handle(member, msg)

    async def _handle(self, member: MemberKey, msg: Incoming) -> list[Reply]:
        store = self.deps.store
        if await self.taken_over(member.chat):
            return await self._for_support(member, msg)
        link = await store.get_link(member)
        if link is None or not link.active:
            replies = await self.deps.links.welcome(member, msg)
            await self._log_out(member, replies)
            return replies
        if self.deps.clock.now() - link.last_seen_at >= LAST_SEEN_GRAIN:
            # Retention counts in months from this stamp: once a day is exact enough,
            # and the store is spared a write on every message.
            await store.touch_link(link.id)
        text = (msg.text or "").strip()[:MAX_TEXT] if msg.choice is None else ""
        link = await self._follow_language(link, msg, text)
        ctx = await context_for(
            self.deps, link, is_group=msg.chat.is_group, now=self.deps.clock.now(), text=text
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
        await self._log_out(member, replies, _hidden_quotes(ctx))
        return replies

    async def _for_support(self, member: MemberKey, msg: Incoming) -> list[Reply]:
        """A person from support has this chat: nothing is answered as an errand.

        The first message after support last wrote (or joined) is acknowledged, so the
        parent knows it arrived; the ones after it only go to the log support reads.
        """
        store = self.deps.store
        earlier = await store.list_log(member.chat, limit=ACK_LOOKBACK)
        await store.append_log(
            member.chat,
            Direction.IN,
            msg.text or "[button]",
            member_id=member.member_id,
            sensitive_spans=transcript.health_spans(
                self.deps.parse, msg.text or "", self.deps.clock.now()
            ),
        )
        said_last = next((e for e in earlier if e.direction is Direction.OUT), None)
        if said_last is not None and SUPPORT_ACK in said_last.flags:
            return []
        link = await store.get_link(member)
        t = translator(link.language if link else supported(msg.language_hint))
        reply = Reply(
            t.gettext("Support has received your message. A person from support answers you here.")
        )
        await store.append_log(
            member.chat, Direction.OUT, reply.text, member_id=member.member_id, flags=[SUPPORT_ACK]
        )
        return [reply]

    async def _follow_language(self, link: ChatLink, msg: Incoming, text: str) -> ChatLink:
        """The reply language follows the person, unless they chose one in settings.

        A clear message in another language turns the chat to it (and back); before
        anything clear was written, the channel's hint (Telegram's language_code) is the
        first guess.
        """
        source = link.preferences.language_source
        if source is LanguageSource.SETTINGS:
            return link
        said = detect_language(text) if text else None
        if said is not None:
            source = LanguageSource.MESSAGES
        elif source is LanguageSource.DEFAULT and supported(msg.language_hint):
            said, source = supported(msg.language_hint), LanguageSource.HINT
        if said is None or (said == link.language and source == link.preferences.language_source):
            return link
        store = self.deps.store
        changed = (
            await store.set_language(link.id, Language(said)) if said != link.language else link
        )
        prefs = replace(link.preferences, language_source=source)
        return await store.set_preferences(link.id, prefs) or changed or link

    async def _dispatch(self, ctx: ErrandContext, msg: Incoming) -> Outcome:
        if msg.choice is not None:
            ctx.logged_text = "[button]"
            return await self._answer(ctx, msg.choice)
        text = ctx.text
        prompts = await self._prompts(ctx)
        typed = typed_answer(prompts, text)
        if typed is not None:
            if typed.index is None:
                return await self._dismiss(ctx, typed.prompt)
            return await self._answer(ctx, f"{typed.prompt.nonce}:{typed.index}")
        for taker in self.errands.text_takers:
            # An errand waiting for free text (a reply to a message, a comment to staff)
            # takes it before the errand of the parsed intent does.
            taken = await taker.takes_text(ctx, text)
            if taken is not None:
                if prompts.open:
                    await self.deps.store.pop_pending(ctx.member, PROMPT_KEY)
                return taken
        command = await self._command(ctx, text)
        if ctx.is_group and self.errands.is_private_only(command.intent):
            return await self._private_only(ctx)
        question = prompts.question
        if question is not None and command.intent == UNKNOWN_INTENT:
            # Not understood while a question is open: the question is what to answer.
            ctx.flags.add("not_understood")
            return [
                Reply(ctx._("Sorry, I did not understand that.")),
                self._still_open(ctx, question),
            ]
        errand = self.errands.for_intent(command.intent) or self.errands.for_intent(UNKNOWN_INTENT)
        assert errand is not None, "an errand must own the unknown intent"
        outcome = await errand.handle(ctx, command)
        if question is not None and getattr(errand, "ends_questions", False):
            await self._save(
                ctx, (await self._prompts(ctx)).closed(question.nonce, Fate.DISMISSED)
            )
        elif question is not None and not _asks(outcome):
            # Something else came in between: answered, and the question stays open.
            still = (await self._prompts(ctx)).find(question.nonce)
            if still is not None:
                outcome = [*outcome, self._still_open(ctx, still)]
        return outcome

    async def _prompts(self, ctx: ErrandContext) -> OpenPrompts:
        pending = await self.deps.store.get_pending(ctx.member, PROMPT_KEY)
        return OpenPrompts.read(pending.value if pending else None, ctx.now)

    async def _save(self, ctx: ErrandContext, prompts: OpenPrompts) -> None:
        await self.deps.store.put_pending(
            ctx.member,
            PROMPT_KEY,
            prompts.model_dump(mode="json"),
            expires_at=prompts.expires_at(ctx.now),
        )

    def _still_open(self, ctx: ErrandContext, prompt: StoredPrompt) -> Reply:
        """The open question again, in one line, with its own buttons (they still work)."""
        return replace(
            render_stored(prompt),
            text=ctx._("Still open: {question}", question=prompt.question),
        )

    async def _dismiss(self, ctx: ErrandContext, prompt: StoredPrompt) -> Outcome:
        """ "nej" or "avbryt" to a question without a No option ends it."""
        await self._save(ctx, (await self._prompts(ctx)).closed(prompt.nonce, Fate.DISMISSED))
        return [Reply(ctx._("OK, I have left that question. Nothing was changed."))]

    async def _command(self, ctx: ErrandContext, text: str) -> ParseResult:
        command = await ctx.parse(text)
        if text.casefold().strip(" .!") in UNDO_WORDS:
            command = command.model_copy(update={"intent": UNDO_INTENT})
        ctx.command = command
        return command

    async def _private_only(self, ctx: ErrandContext) -> Outcome:
        """Logout, erasure and secure content are one person's: never before a group."""
        text = ctx._(
            "That works only in a private chat with me, so nobody else in the group sees it."
        )
        url = await self.deps.links.private_chat_url(ctx.member)
        if url is None:
            return [Reply(text)]
        return [Reply(text, choices=[Choice(ctx._("Write to me privately"), url=url)])]

    async def _answer(self, ctx: ErrandContext, payload: str) -> Outcome:
        store = self.deps.store
        parts = split_payload(payload)
        if parts is None:
            return [Reply(ctx._(STALE))]
        nonce, index = parts
        taken = await store.pop_pending(ctx.member, PROMPT_KEY)
        prompts = OpenPrompts.read(taken.value if taken else None, ctx.now)
        stored = prompts.find(nonce)
        if stored is None or not 0 <= index < len(stored.options):
            if taken is not None:
                await self._save(ctx, prompts)
            return self._stale(ctx, prompts, nonce)
        option = stored.options[index]
        await self._save(ctx, prompts.closed(nonce, Fate.ANSWERED, option.label))
        errand = self.errands.named(stored.errand)
        if errand is None:
            return [Reply(ctx._(STALE))]
        outcome = await errand.choose(ctx, option.action, dict(option.data))
        return _replacing_prompt(outcome, nonce)

    def _stale(self, ctx: ErrandContext, prompts: OpenPrompts, nonce: str) -> Outcome:
        """A button whose question is gone says what became of it, and nothing is done."""
        past = prompts.fate_of(nonce)
        if past is None or past.fate is Fate.EXPIRED:
            text = ctx._(
                "That question has expired (questions stay open for 30 minutes), so I did"
                " nothing. Write it again if you still want it."
            )
        elif past.fate is Fate.ANSWERED:
            text = ctx._(
                "You have already answered that question ({chosen}), so I did nothing more.",
                chosen=past.detail,
            )
        elif past.fate is Fate.REPLACED:
            text = ctx._(
                "That question was replaced by a newer one, so I did nothing with it: {question}"
                " Write it again if you still want it.",
                question=past.detail,
            )
        else:
            text = ctx._("You ended that question, so I did nothing with it.")
        replies = [Reply(text)]
        question = prompts.question
        if question is not None:
            replies.append(self._still_open(ctx, question))
        return list(replies)

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
        prompts: OpenPrompts | None = None
        for item in outcome:
            if isinstance(item, Prompt):
                prompts = prompts or await self._prompts(ctx)
                nonce = new_nonce()
                prompts = prompts.opened(StoredPrompt.of(item, nonce, expires_at=expiry(ctx.now)))
                replies.append(render(item, nonce))
            else:
                replies.append(item)
        if prompts is not None:
            await self._save(ctx, prompts)
        return replies

    async def _log_in(self, ctx: ErrandContext) -> None:
        command = ctx.command
        slots: dict[str, Any] | None = None
        spans: list[tuple[int, int]] = []
        if command is not None:
            slots = command.to_contract()
            spans = [(a, b) for a, b in command.health_spans]
        await self.deps.store.append_log(
            ctx.member.chat,
            Direction.IN,
            ctx.logged_text,
            member_id=ctx.member.member_id,
            intent=command.intent if command else None,
            slots=slots,
            flags=sorted(ctx.flags),
            sensitive_spans=spans,
        )

    async def _log_out(
        self, member: MemberKey, replies: Sequence[Reply], quotes: Sequence[str] = ()
    ) -> None:
        for reply in replies:
            await self.deps.store.append_log(
                member.chat,
                Direction.OUT,
                reply.text,
                member_id=member.member_id,
                sensitive_spans=transcript.quote_spans(reply.text, quotes),
            )


def _hidden_quotes(ctx: ErrandContext) -> list[str]:
    """The guardian's words a reply must not carry into the log: what the health guard
    dropped, what the errand chose not to log, and what it said to hide."""
    quotes = list(ctx.hidden_quotes)
    if ctx.command is not None:
        quotes.extend(quoted for _, _, quoted in ctx.command.spans.get("health", ()))
    if ctx.text and ctx.logged_text != ctx.text:
        quotes.append(ctx.text)
    return quotes


def _asks(outcome: Outcome) -> bool:
    """Whether an outcome asks a new question (a menu leaves the open one open)."""
    return any(isinstance(item, Prompt) and not item.is_menu for item in outcome)


def _replacing_prompt(outcome: Outcome, nonce: str) -> Outcome:
    """The answered question's message is edited to show what was chosen (the first reply)."""
    for position, item in enumerate(outcome):
        if isinstance(item, Reply) and item.replaces_prompt is None:
            return [
                *outcome[:position],
                replace(item, replaces_prompt=nonce),
                *outcome[position + 1 :],
            ]
    return outcome


def option(label: str, action: str, **data: Any) -> Option:
    return Option(label, action, data)


def link_button(t: Translator, url: str) -> Choice:
    return Choice(t.gettext("Link my Hub account"), url=url)


__all__ = ["Conversation", "link_button", "member_of", "option"]
