"""A date that does not exist ("31/11", "30/2", "vecka 54"): said so, and asked again.

The parser leaves such a command without days rather than taking today in their
place; every errand that writes days asks here first, so nothing is reported or
changed for a day the guardian never meant.
"""

from __future__ import annotations

from babel.lists import format_list

from bot.conversation.errand import ErrandContext, Outcome
from bot.conversation.types import Reply
from bot.nlu import ParseResult


def invalid_date_reply(ctx: ErrandContext, command: ParseResult) -> Outcome | None:
    """The question for a command whose dates do not exist, or None when they all do."""
    if not command.invalid_dates:
        return None
    # Swedish quotes both ends with ”; English opens with “
    mark = "”" if ctx.lang == "sv" else "“"
    typed = [f"{mark}{quoted}”" for _, _, quoted in command.invalid_dates]
    return [
        Reply(
            ctx._(
                "{dates} is not a date in the calendar, so I have not done anything. Which day"
                " did you mean? Write it again with the day, for example “{example}”.",
                dates=format_list(typed, locale="sv_SE" if ctx.lang == "sv" else "en_GB"),
                example=ctx._("on Monday"),
            )
        )
    ]
