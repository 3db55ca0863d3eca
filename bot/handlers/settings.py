"""This chat's settings: language, confirmations, and which children it handles.

The phrases ("inställningar", "english please", "bekräftelser av", "hantera
bara Elsa") are not parser intents: `match_setting` (in `bot.nlu.settings`) is a
small pure matcher, asked through `takes_text` before the parser. It only takes whole short
messages, so an errand that merely mentions a language or a child is left
alone; a "hantera X" whose X is no child of the account is left alone too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.conversation.errand import ErrandContext, HelpLine, Outcome
from bot.conversation.prompts import Option, Prompt
from bot.conversation.types import Reply
from bot.handlers.reading.choose import names_text
from bot.i18n import CODES, N_, others, translator
from bot.nlu import ParseResult
from bot.nlu.settings import match_setting
from bot.storage.models import Language, LanguageSource

# Said in the chat's own language, so each catalog names its own language: adding a
# language adds its catalog, not a line here. (A language's own name is how people look
# for it, so its button reads the same whatever the chat's language.)
LANGUAGE_LINE = N_("• Language: the chat's language")
LANGUAGE_SWITCHED = N_("OK, from now on I write in this language.")


def _genitive_free(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


class SettingsErrand:
    name = "settings"
    intents: frozenset[str] = frozenset()
    private_only = False
    help: tuple[HelpLine, ...] = (
        HelpLine(
            8,
            "settings",
            N_("• “settings” – language, confirmations and which children this chat handles"),
        ),
    )

    async def handle(self, ctx: ErrandContext, command: ParseResult) -> Outcome:
        return await self._show(ctx)

    async def takes_text(self, ctx: ErrandContext, text: str) -> Outcome | None:
        wanted = match_setting(text)
        if wanted is None:
            return None
        if wanted.kind == "show":
            return await self._show(ctx)
        if wanted.kind == "language" and wanted.language:
            return await self._language(ctx, wanted.language)
        if wanted.kind == "confirmations" and wanted.on is not None:
            return await self._confirmations(ctx, wanted.on)
        if wanted.names is None:
            return await self._children(ctx, None)
        every = await ctx.hub.children()
        by_name = {c.first_name.casefold(): c for c in every}
        chosen: list[str] = []
        unknown: list[str] = []
        for name in wanted.names:
            child = by_name.get(name) or by_name.get(_genitive_free(name))
            if child is None:
                unknown.append(name)
            else:
                chosen.append(child.switch_id)
        if not chosen:
            # "hantera frånvaro" is not about children: the parser may know it.
            return None
        if unknown:
            return [
                Reply(
                    ctx._(
                        "I do not know a child called {names} on your Hub account.",
                        names=names_text(ctx, [u.capitalize() for u in unknown]),
                    )
                )
            ]
        return await self._children(ctx, tuple(chosen))

    async def _show(self, ctx: ErrandContext) -> Outcome:
        prefs = ctx.link.preferences
        every = await ctx.hub.children()
        handled = await ctx.children()
        lines = [
            ctx._("Settings for this chat:"),
            ctx._(LANGUAGE_LINE),
            ctx._("• Confirmations: on (I ask before I change anything on the Hub)")
            if prefs.confirmations
            else ctx._("• Confirmations: off (I change things on the Hub straight away)"),
            ctx._("• Children: {names}", names=names_text(ctx, [c.first_name for c in handled])),
        ]
        options = [
            *(
                Option(other.name, "language", {"language": other.code})
                for other in others(ctx.lang)
            ),
            Option(
                ctx._("Confirmations off") if prefs.confirmations else ctx._("Confirmations on"),
                "confirmations",
                {"on": not prefs.confirmations},
            ),
        ]
        if len(every) > 1:
            for child in every:
                if [c.switch_id for c in handled] != [child.switch_id]:
                    options.append(
                        Option(
                            ctx._("Only {name}", name=child.first_name),
                            "children",
                            {"children": [child.switch_id]},
                        )
                    )
            if prefs.children is not None:
                options.append(Option(ctx._("All children"), "children", {"children": None}))
        return [Prompt(self.name, "\n".join(lines), options)]

    async def _language(self, ctx: ErrandContext, language: str) -> Outcome:
        link = await ctx.store.set_language(ctx.link.id, Language(language))
        if link is not None:
            # Chosen here: the chat no longer follows the language of the messages.
            prefs = replace(link.preferences, language_source=LanguageSource.SETTINGS)
            link = await ctx.store.set_preferences(link.id, prefs) or link
            ctx.link = link
        # The answer is already in the new language.
        ctx.t = translator(language)
        return [Reply(ctx._(LANGUAGE_SWITCHED))]

    async def _confirmations(self, ctx: ErrandContext, on: bool) -> Outcome:
        prefs = replace(ctx.link.preferences, confirmations=on)
        link = await ctx.store.set_preferences(ctx.link.id, prefs)
        if link is not None:
            ctx.link = link
        if on:
            return [Reply(ctx._("OK, I will ask you before I change anything on the Hub."))]
        return [
            Reply(
                ctx._(
                    "OK, from now on I change things on the Hub without asking first. Write "
                    "“ångra” within 10 minutes to undo a change."
                )
            )
        ]

    async def _children(self, ctx: ErrandContext, ids: tuple[str, ...] | None) -> Outcome:
        every = await ctx.hub.children()
        if ids is not None and set(ids) >= {c.switch_id for c in every}:
            ids = None
        prefs = replace(ctx.link.preferences, children=ids)
        link = await ctx.store.set_preferences(ctx.link.id, prefs)
        if link is not None:
            ctx.link = link
        ctx.forget_children()
        names = names_text(ctx, [c.first_name for c in await ctx.children()])
        if ids is None:
            return [Reply(ctx._("OK, this chat handles all your children: {names}.", names=names))]
        return [Reply(ctx._("OK, this chat now handles only {names}.", names=names))]

    async def choose(self, ctx: ErrandContext, action: str, data: dict[str, Any]) -> Outcome:
        if action == "language" and data.get("language") in CODES:
            return await self._language(ctx, str(data["language"]))
        if action == "confirmations":
            return await self._confirmations(ctx, bool(data.get("on")))
        if action == "children":
            chosen = data.get("children")
            return await self._children(ctx, tuple(chosen) if chosen else None)
        return await self._show(ctx)
