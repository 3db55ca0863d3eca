"""A message the parser could not place: the closest errands as buttons.

Before admitting defeat: a greeting gets today's overview, a thank-you a
"varsågod", and a question the municipality answers (its FAQ) that answer.
Everything else is counted for support ("not_understood") and gets buttons for
the parser's runner-up intents and near-miss FAQ topics. A button runs a read
errand directly; a write errand (absence, times) only shows how to ask, so a
guess never files anything.
"""

from __future__ import annotations

from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.help import faq_reply, focused_text, help_text
from bot.handlers.reading.today import overview
from bot.i18n import N_
from bot.municipality import rank_faq
from bot.nlu import ParseResult
from bot.nlu.answers import has_words, is_greeting, is_thanks

MAX_SUGGESTIONS = 3
LONG_MESSAGE = 400
# Below this a runner-up intent is noise, not a suggestion.
MIN_SCORE = 0.2

SUGGESTIONS = {
    "calendar": N_("The calendar"),
    "news": N_("News"),
    "messages": N_("Messages"),
    "schedule_show": N_("Show the schedule"),
    "summary": N_("Today's summary"),
    "book_meeting": N_("Book a development talk"),
    "secure_content": N_("Assessments (BankID)"),
    "support": N_("Talk to a person"),
    "report_absence": N_("Report absence"),
    "cancel_absence": N_("Take back an absence"),
    "schedule_set_times": N_("Change times"),
    "schedule_day_off": N_("Mark a day off"),
    "help": N_("Help"),
}
# These change things on the Hub: a button only shows how to ask for them.
WRITES = frozenset({"report_absence", "cancel_absence", "schedule_set_times", "schedule_day_off"})
FALLBACK = ("calendar", "news", "messages")


class UnknownErrand:
    name = "unknown"
    intents = frozenset({"unknown"})
    private_only = False
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        text = ctx.text
        if is_greeting(text):
            name = ctx.link.hub_login_hint
            hello = ctx._("Hi {name}!", name=name) if name else ctx._("Hi!")
            return [Reply(hello + "\n" + await overview(ctx))]
        if is_thanks(text):
            return [Reply(ctx._("You are welcome!"))]
        hits = rank_faq(text, ctx.profile) if has_words(text) else []
        if hits and hits[0].score >= ctx.profile.faq.threshold:
            return [faq_reply(ctx, hits[0].text(ctx.lang))]
        ctx.flags.add("not_understood")
        if not has_words(text):
            head = ctx._("I only understand words, not pictures or emoji.")
        elif len(text) > LONG_MESSAGE:
            head = ctx._(
                "That was a long message. I understand short messages best, one errand at a time."
            )
        else:
            head = ctx._("Sorry, I did not understand that. I understand Swedish and English.")
        options = self._suggestions(ctx, command)
        close = bool(options)
        for topic in hits[:1]:
            options.append(Option(topic.title[ctx.lang], "faq", {"topic": topic.topic}))
            close = True
        if not close:
            options = [self._run_option(ctx, intent, command) for intent in FALLBACK]
        options.append(Option(ctx._("Help"), "help"))
        ask = (
            ctx._("Did you mean one of these?") if close else ctx._("You can choose one of these:")
        )
        return [Prompt(self.name, f"{head}\n{ask}", options, menu=True)]

    def _run_option(self, ctx: ErrandContext, intent: str, command: ParseResult) -> Option:
        data = {
            "intent": intent,
            "children": list(command.children),
            "dates": [d.isoformat() for d in command.dates],
        }
        action = "example" if intent in WRITES else "run"
        return Option(ctx._(SUGGESTIONS[intent]), action, data)

    def _suggestions(self, ctx: ErrandContext, command: ParseResult) -> list[Option]:
        ranked = sorted(command.alternatives, key=lambda a: a[1], reverse=True)
        options: list[Option] = []
        seen: set[str] = set()
        for intent, score in ranked:
            if (
                score < MIN_SCORE
                or intent in seen
                or intent not in SUGGESTIONS
                or intent == "help"
                or ctx.errand_for(intent) is None
            ):
                continue
            seen.add(intent)
            options.append(self._run_option(ctx, intent, command))
            if len(options) == MAX_SUGGESTIONS:
                break
        return options

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == "run":
            intent = str(data.get("intent"))
            errand = ctx.errand_for(intent)
            if errand is None or errand is self:
                return [Reply(await help_text(ctx))]
            command = ParseResult.model_validate(
                {
                    "intent": intent,
                    "children": data.get("children") or [],
                    "dates": data.get("dates") or [],
                }
            )
            ctx.command = command  # logged as what the member chose
            return await errand.handle(ctx, command)
        if action == "example":
            text = await focused_text(ctx, str(data.get("intent")))
            return [Reply(text or await help_text(ctx))]
        if action == "faq":
            topic = str(data.get("topic"))
            if topic in ctx.profile.faq.topics:
                return [faq_reply(ctx, ctx.profile.answer(topic, ctx.lang))]
        return [Reply(await help_text(ctx))]
