"""Which languages the bot speaks, and how a chat's language code maps onto one.

Telegram and browsers send codes such as "sv-SE", "en_GB" or "de"; everything
past this point sees only "sv" or "en", so one catalog lookup never has to guess.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "sv"
LANGUAGES: tuple[str, ...] = ("sv", "en")


def normalise_language(code: str | None) -> str:
    """The supported language a code asks for; anything unknown gets Swedish."""
    if not code:
        return DEFAULT_LANGUAGE
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE
