"""The optional comment to the staff after a change for today.

The guardian just types it; the errand takes that text before the parser (see
`ScheduleErrand.takes_text`). Text that plainly is a new errand is left to the
parser, and text that might be either is asked about, so a new errand is never
sent to the staff by mistake. The comment reaches the Hub as the day's comment
and can be undone like any write.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.errand import ErrandContext, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.schedule.model import ERRAND_NAME, ChildKey
from bot.handlers.schedule.state import put_comment_wait
from bot.handlers.undo import remember_write
from bot.hub.errors import HubError, HubUnavailable, OutcomeUnknown, RateLimited
from bot.i18n import format_relative_day

UNDO_COMMENT = "comment"
# Intents that are plainly a new errand, never a comment to the staff.
PLAIN_ERRANDS = frozenset(
    {
        "calendar",
        "news",
        "summary",
        "messages",
        "book_meeting",
        "secure_content",
        "logout",
        "forget_me",
        "help",
        "support",
    }
)


def comment_question(ctx: ErrandContext) -> tuple[str, list[Option]]:
    text = ctx._(
        "Would you like to send a comment about today to the staff? Just write it here, "
        "or press “No comment”."
    )
    return text, [Option(ctx._("No comment"), "no_comment", {})]


def ask_if_comment(ctx: ErrandContext, waiting: dict[str, Any], comment: str) -> Prompt:
    """ "Elsa är sjuk imorgon" may be a comment or a new errand: ask rather than guess."""
    return Prompt(
        ERRAND_NAME,
        ctx._(
            "Shall I send “{comment}” to the staff as a comment about today? If it "
            "is a new errand, press “No” and write it again.",
            comment=comment,
        ),
        [
            Option(
                ctx._("Send as comment"), "comment_text", {"waiting": waiting, "text": comment}
            ),
            Option(ctx._("No"), "not_comment", {}),
        ],
    )


async def save_comment(ctx: ErrandContext, waiting: dict[str, Any], text: str) -> Outcome:
    # The log keeps "[comment to staff]", not the comment: the thank-you quotes it.
    ctx.hide_in_log(text)
    day = date.fromisoformat(str(waiting["day"]))
    kids = [ChildKey.from_json(c) for c in waiting.get("children") or []]
    saved: list[dict[str, Any]] = []
    problems: list[str] = []
    for kid in kids:
        try:
            before = await ctx.hub.day_comment(kid.switch_id, day)
            await ctx.hub.save_day_comment(kid.switch_id, day, text)
        except (HubUnavailable, RateLimited):
            # Keep waiting, so the same comment can simply be sent again.
            await put_comment_wait(ctx, waiting)
            return [
                Reply(
                    ctx._(
                        "The Hub is not answering right now, so the comment did not reach "
                        "the staff. Please send it again in a little while."
                    )
                )
            ]
        except OutcomeUnknown:
            problems.append(
                ctx._(
                    "I could not see whether the comment for {name} reached the Hub. Please "
                    "look in the Hub before sending it again.",
                    name=kid.name,
                )
            )
            continue
        except HubError as exc:
            problems.append(
                ctx._(
                    "The Hub did not take the comment for {name}: {message}",
                    name=kid.name,
                    message=exc.message,
                )
            )
            continue
        saved.append(
            {"child": kid.to_json(), "day": day.isoformat(), "previous": before.user_comment}
        )
    parts: list[str] = []
    if saved:
        names = ", ".join(ChildKey.from_json(s["child"]).name for s in saved)
        parts.append(
            ctx._(
                "Thank you! The staff can now read your comment for {names} {day}: “{comment}”",
                names=names,
                day=format_relative_day(day, ctx.today, ctx.lang),
                comment=text,
            )
        )
        await remember_write(
            ctx,
            ERRAND_NAME,
            {"kind": UNDO_COMMENT, "comments": saved},
            ctx._("the comment to the staff"),
        )
    parts.extend(problems)
    return [Reply("\n\n".join(parts))]


async def undo_comment(ctx: ErrandContext, data: dict[str, Any]) -> Outcome:
    for item in data.get("comments") or []:
        kid = ChildKey.from_json(item["child"])
        day = date.fromisoformat(str(item["day"]))
        await ctx.hub.save_day_comment(kid.switch_id, day, item.get("previous") or "")
    return [Reply(ctx._("Undone: the comment to the staff has been taken back."))]
