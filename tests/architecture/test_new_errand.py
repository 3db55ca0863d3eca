"""Adding an errand: its own module, its intent in the parser, its catalog lines, one list line.

`PickupErrand` stands for a new errand written the way every errand is: it
declares its name, intents, private-only rule and help line, and works only
through its context. Registering it is a line in `ERRANDS` (here: the list the
test hands the app). The parser's new intent is stood in for by a parse function
that knows the new cue; its catalog lines would be msgids in `locales/`
(untranslated, a msgid shows as written). No other module changes: the engine,
the help text and the private-only rule pick it up from the declaration.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app.errands import ERRANDS
from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.i18n import N_
from bot.nlu import ParseResult
from bot.nlu import parse as nlu_parse
from bot.testing.conversation import BotHarness

PICKUP = "report_pickup"


class PickupErrand:
    """ "mormor hämtar Elsa kl 15": who picks a child up today (an example errand)."""

    name = "pickup"
    intents = frozenset({PICKUP})
    private_only = False
    help = (HelpLine(11, PICKUP, N_("• “grandma picks up {name} at 15” – who picks up")),)

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        children = await ctx.children_named(command.children) or (await ctx.children())[:1]
        name = children[0].first_name
        question = ctx._("Tell the staff that someone else picks up {name} today?", name=name)
        return [Prompt(self.name, question, [Option(ctx._("Yes"), "tell", {"name": name})])]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return [Reply(ctx._("Done: the staff know about {name}.", name=data["name"]))]


def parse_with_pickup(text: str, now: datetime, children: Sequence[str]) -> ParseResult:
    """The parser with the new errand's cue (in the real parser: a line in its cues)."""
    parsed = nlu_parse(text, now, children)
    if "hämtar" in text.casefold() and parsed.intent != "schedule_set_times":
        return parsed.model_copy(update={"intent": PICKUP})
    return parsed


async def test_a_new_errand_is_reached_shown_in_help_and_answered(tmp_path: Path) -> None:
    async with BotHarness.started(
        tmp_path, parse=parse_with_pickup, errands=[*ERRANDS, PickupErrand()]
    ) as bot:
        anna = await bot.chat("anna")
        asked = await anna.say("mormor hämtar Elsa idag")
        assert "someone else picks up Elsa" in asked.text
        done = await anna.press("Ja")
        assert "the staff know about Elsa" in done.text

        help_text = (await anna.say("hjälp")).text
        assert "grandma picks up" in help_text
        # Declared order: after the last of the bot's own lines.
        assert help_text.index("radera mina uppgifter") < help_text.index("grandma picks up")


async def test_without_the_list_line_the_bot_does_not_know_it(tmp_path: Path) -> None:
    async with BotHarness.started(tmp_path, parse=parse_with_pickup) as bot:
        anna = await bot.chat("anna")
        said = await anna.say("mormor hämtar Elsa idag")
        assert "picks up" not in said.text
