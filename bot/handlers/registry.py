"""Which errand answers which intent.

Each module in `bot/handlers/` declares the errands it provides as `ERRANDS`;
collecting them here means adding an errand never edits a shared list, and two
errands claiming one intent stop the bot at start instead of shadowing silently.
"""

from __future__ import annotations

import importlib
import pkgutil

import bot.handlers
from bot.handlers.context import Errand


def all_errands() -> list[Errand]:
    errands: list[Errand] = []
    owners: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(bot.handlers.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"bot.handlers.{info.name}")
        for errand in getattr(module, "ERRANDS", ()):
            for intent in errand.intents:
                if intent in owners:
                    raise RuntimeError(
                        f"intent {intent!r} claimed by {owners[intent]} and {errand.name}"
                    )
                owners[intent] = errand.name
            errands.append(errand)
    return errands
