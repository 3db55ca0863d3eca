"""Leaving: "logga ut" unlinks this chat, "radera mina uppgifter" erases everything.

Both revoke the refresh token on the Hub before our copy goes, so a token
that leaked from a backup is dead too. The account's Hub client is dropped as
well: it carries this link's token and saves its rotations to this link.
Erasure covers every chat the account is linked in (it is the same person),
and raises the engine's "erased" flag so this very message is not logged
again after its rows were deleted.
"""

from __future__ import annotations

import contextlib
from typing import Any

from bot.conversation.errand import ERASED, ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.reading.messages import REPLY_KEY
from bot.hub.errors import HubError
from bot.i18n import N_
from bot.nlu import ParseResult
from bot.storage.models import MemberKey


async def _leave_hub(ctx: ErrandContext) -> None:
    """End the Hub web session (best effort), then drop the account's client."""
    with contextlib.suppress(HubError):
        await ctx.hub.logout()
    await ctx.hubs.forget(ctx.link.hub_account_id)


class LogoutErrand:
    name = "logout"
    intents = frozenset({"logout"})
    private_only = True
    help: tuple[HelpLine, ...] = ()

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        await _leave_hub(ctx)
        await ctx.unlink(ctx.link)
        # A reply the member was about to write must not catch the first text after relinking.
        await ctx.store.pop_pending(ctx.member, REPLY_KEY)
        return [
            Reply(
                ctx._(
                    "You are logged out. This chat is no longer linked to your Hub account and "
                    "its login is revoked on the Hub. Write to me again to link it anew."
                )
            )
        ]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        return []


class ForgetMeErrand:
    name = "forget_me"
    intents = frozenset({"forget_me"})
    private_only = True
    help: tuple[HelpLine, ...] = (
        HelpLine(10, "forget_me", N_("• “radera mina uppgifter” – delete what I keep about you")),
    )

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        question = ctx._(
            "Shall I delete everything I keep about you? That is the link to your Hub account "
            "(in every chat), its login, the conversation log, queued errands and messages "
            "waiting to be sent. Nothing on the Hub itself changes."
        )
        options = [Option(ctx._("Yes, delete"), "forget"), Option(ctx._("No"), "keep")]
        return [Prompt(self.name, question, options)]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action != "forget":
            return [Reply(ctx._("OK, nothing was deleted."))]
        store = ctx.store
        account = ctx.link.hub_account_id
        links = await store.list_links_for_account(account, active_only=False)
        members: list[MemberKey] = [ctx.member, *(link.member for link in links)]
        await _leave_hub(ctx)
        for link in links:
            # Revokes each link's refresh token on the Hub, then deletes the link.
            await ctx.unlink(link)
        for member in dict.fromkeys(members):
            await store.forget_member(member)
        await store.forget_account(account)
        ctx.flags.add(ERASED)
        return [
            Reply(
                ctx._(
                    "Done: everything I kept about you is deleted and your Hub login is "
                    "revoked. Write to me again if you want to link a new account."
                )
            )
        ]
