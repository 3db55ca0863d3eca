"""Assessments and documentation: never fetched, never shown, only the way in.

These boxes open on the Hub only after a fresh BankID login, and that is the
point: a chat that stays logged in must not be a way around it. The answer
is the BankID login link to the box and one sentence on why.
"""

from __future__ import annotations

from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.types import Choice, Reply
from bot.nlu import ParseResult
from bot.nlu.topics import SecureBox, secure_box

ASSESSMENT, DOCUMENTATION = SecureBox.ASSESSMENT, SecureBox.DOCUMENTATION
BOX_PATHS = {
    ASSESSMENT: "/assessmentv2/assessmentv2",
    DOCUMENTATION: "/documentation/documentation",
}


def bankid_link(ctx: ErrandContext, box: SecureBox) -> str:
    """The municipality's BankID login for the real Hub; a stand-in Hub's own BankID page."""
    return ctx.hubs.bankid_box_url(BOX_PATHS[box]) or ctx.profile.bankid_login_url


class SecureErrand:
    name = "secure"
    intents = frozenset({"secure_content"})
    private_only = True
    help: tuple[HelpLine, ...] = ()

    def _refusal(self, ctx: ErrandContext, box: SecureBox) -> Outcome:
        ctx.flags.add("secure_refusal")
        if box == DOCUMENTATION:
            text = ctx._(
                "Documentation opens only on the Hub after a fresh BankID login, so I never "
                "fetch or show it here: use the link to open it."
            )
        else:
            text = ctx._(
                "Assessments, grades and support plans open only on the Hub after a fresh "
                "BankID login, so I never fetch or show them here: use the link to open them."
            )
        button = Choice(ctx._("Log in with BankID"), url=bankid_link(ctx, box))
        return [Reply(text, choices=[button])]

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        return self._refusal(ctx, secure_box(ctx.text))

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return self._refusal(ctx, SecureBox(str(data.get("box", ASSESSMENT))))
