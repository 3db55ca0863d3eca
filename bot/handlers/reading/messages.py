"""Messages from teachers: the inbox newest first, open one, answer it.

"Svara" makes the member's next text the answer. That wait is kept in the
store under its own key, so it survives a restart and expires; the engine asks
`takes_text` before parsing, so the answer never becomes a command. The body is
never logged and never echoed back: the log and the reply carry a marker only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.health_guard import guard, left_out, only_health, with_note
from bot.handlers.reading import choose as reading
from bot.hub.errors import AccessDenied, NotAvailableForChild, OutcomeUnknown, RuleRefused
from bot.hub.models import Child, MessageSummary
from bot.i18n import format_day, format_day_short
from bot.nlu import ParseResult
from bot.nlu.answers import Waiting, cancels

REPLY_KEY = "message_reply"
REPLY_WAIT = timedelta(minutes=30)
# What the log shows instead of the answer's text.
REPLY_LOGGED = "[message reply]"
INBOX_SIZE = 30
_LONG_AGO = date.min


def _sent(ctx: ErrandContext, day: date | None, day_format: Any = format_day_short) -> str:
    """The Hub gives the day a message was sent, not the time (strax-hacks, deformentor-cli)."""
    if day is None:
        return ""
    return str(day_format(day, ctx.lang))


async def _inbox(ctx: ErrandContext, children: list[Child]) -> list[tuple[MessageSummary, Child]]:
    """Per child, so an answer goes out under the child the message is about."""
    found: dict[str, tuple[MessageSummary, Child]] = {}
    for child in reading.with_app(children, "message"):
        try:
            page = await ctx.hub.messages(child=child, page_size=INBOX_SIZE)
        except NotAvailableForChild:
            continue
        for item in page.items:
            found.setdefault(str(item.id), (item, child))
    return sorted(found.values(), key=lambda pair: pair[0].time_sent or _LONG_AGO, reverse=True)


class MessagesErrand:
    name = "messages"
    intents = frozenset({"messages"})
    private_only = False
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        children = await reading.chosen_children(ctx, command.children)
        return await self._list(ctx, {"children": [c.switch_id for c in children]}, children)

    async def _list(
        self, ctx: ErrandContext, view: dict[str, Any], children: list[Child], offset: int = 0
    ) -> Outcome:
        found = await _inbox(ctx, children)
        if not found:
            return [Reply(ctx._("Your inbox on the Hub is empty."))]
        items = []
        for item, child in found:
            sender = item.sent_user.display_name if item.sent_user else ""
            line = f"{_sent(ctx, item.time_sent)}, {sender}: {item.message_subject}"
            if item.is_new:
                line += " " + ctx._("(new)")
            items.append(
                reading.Item(
                    line,
                    f"{sender}: {item.message_subject}" if sender else item.message_subject,
                    {
                        "id": str(item.id),
                        "child": child.switch_id,
                        "view": {**view, "offset": offset},
                    },
                )
            )
        unread = sum(1 for item, _ in found if item.is_new)
        heading = ctx._("Your messages, newest first ({n} unread):", n=unread)
        return [reading.page(ctx, self.name, heading, items, offset=offset, more=view)]

    async def _open(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, data.get("child"))
        try:
            message = await ctx.hub.message(str(data.get("id")), child)
        except RuleRefused:
            return [Reply(ctx._("That message is no longer in the Hub."))]
        sender = message.sent_user
        lines = [
            message.message_subject,
            ctx._(
                "From {sender}, {sent}",
                sender=sender.display_name if sender else "?",
                sent=_sent(ctx, message.time_sent, format_day),
            ),
            "",
            reading.clipped(ctx, message.message_body_plain_text.strip()),
        ]
        options = []
        if sender is not None and child is not None:
            answer = {
                "id": str(message.id),
                "child": child.switch_id,
                "to": str(sender.id),
                "to_name": sender.display_name,
                "subject": message.message_subject,
            }
            options.append(Option(ctx._("Reply"), "reply", answer))
        view = data.get("view")
        if isinstance(view, dict):
            options.append(Option(ctx._("Back to the list"), reading.MORE, view))
        if not options:
            return [Reply("\n".join(lines))]
        return [Prompt(self.name, "\n".join(lines), options, menu=True)]

    async def _wait_for_answer(self, ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
        await ctx.store.put_pending(ctx.member, REPLY_KEY, data, expires_at=ctx.now + REPLY_WAIT)
        name = data.get("to_name") or "?"
        if data.get("id"):
            text = ctx._(
                "Write your reply to {name} as your next message. Write “avbryt” to cancel.",
                name=name,
            )
        else:
            text = ctx._(
                "Write your message to {name} as your next message. Write “avbryt” to cancel.",
                name=name,
            )
        return [Prompt(self.name, text, [Option(ctx._("Cancel"), "cancel_reply")])]

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None:
        store = ctx.store
        if not text or await store.get_pending(ctx.member, REPLY_KEY) is None:
            return None
        taken = await store.pop_pending(ctx.member, REPLY_KEY)
        if taken is None:
            return None
        if cancels(text, Waiting.REPLY):
            return [Reply(ctx._("OK, no reply was sent."))]
        ctx.logged_text = REPLY_LOGGED
        body = await guard(ctx, text)
        if body.empty:
            return only_health(ctx)
        answer = {**taken.value, "body": body.text}
        outcome: Outcome
        if ctx.link.preferences.confirmations:
            to_name = answer.get("to_name") or "?"
            subject = answer.get("subject") or ""
            if answer.get("id"):
                question = ctx._(
                    "Send your reply to {name} (“{subject}”)?", name=to_name, subject=subject
                )
            else:
                question = ctx._(
                    "Send your message to {name} (“{subject}”)?", name=to_name, subject=subject
                )
            outcome = [
                Prompt(
                    self.name,
                    question,
                    [Option(ctx._("Yes"), "send", answer), Option(ctx._("No"), "cancel_reply")],
                )
            ]
        else:
            outcome = await self._send(ctx, answer)
        return with_note(outcome, left_out(ctx, body.text)) if body.dropped else outcome

    async def _send(self, ctx: ErrandContext, answer: dict[str, Any]) -> Outcome:
        child = await reading.child_by_id(ctx, answer.get("child"))
        if child is None:
            return [Reply(ctx._("That message is no longer in the Hub."))]
        subject = str(answer.get("subject") or "")
        # A reply carries the message it answers; a new message (to the school) does not.
        reply_to = str(answer["id"]) if answer.get("id") else None
        if reply_to and subject and not subject.casefold().startswith("sv:"):
            subject = f"Sv: {subject}"
        name = answer.get("to_name") or "?"
        try:
            await ctx.hub.send_message(
                child,
                [str(answer["to"])],
                subject,
                str(answer.get("body") or ""),
                reply_to_id=reply_to,
            )
        except OutcomeUnknown:
            return [
                Reply(
                    ctx._(
                        "I could not tell whether your reply reached the Hub. Look in the "
                        "“Skickade” folder on the Hub before you send it again."
                    )
                )
            ]
        except (RuleRefused, AccessDenied) as exc:
            return [Reply(ctx._("The Hub did not accept the reply: {reason}", reason=exc.message))]
        if reply_to is None:
            return [Reply(ctx._("Your message to {name} is sent.", name=name))]
        return [Reply(ctx._("Your reply to {name} is sent.", name=name))]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == reading.OPEN:
            return await self._open(ctx, data)
        if action == reading.MORE:
            children = await reading.children_by_id(ctx, data.get("children", []))
            return await self._list(
                ctx, data, children or await ctx.children(), reading.offset_of(data)
            )
        if action == "reply":
            return await self._wait_for_answer(ctx, data)
        if action == "send":
            return await self._send(ctx, data)
        if action == "cancel_reply":
            await ctx.store.pop_pending(ctx.member, REPLY_KEY)
            return [Reply(ctx._("OK, no reply was sent."))]
        return []
