"""Which languages the bot speaks: one list, and everything else reads it.

The catalogs (`locales/<code>/`), the settings' language buttons, Telegram's
command menu, the dates' babel locales and the database's language column all
come from `LANGUAGES`; adding a language is a line here and its catalogs, with no
other code change. Telegram and browsers send codes such as "sv-SE", "en_GB" or
"de"; past `normalise_language` everything sees one of the listed codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SupportedLanguage:
    code: str
    # The language's name in itself: a settings button reads the same in every language.
    name: str
    # Babel's locales: for days and months, and for joining lists ("A, B och C").
    date_locale: str
    list_locale: str


LANGUAGES: tuple[SupportedLanguage, ...] = (
    # The first is the default: what a chat gets before anything says otherwise.
    SupportedLanguage("sv", "Svenska", date_locale="sv_SE", list_locale="sv_SE"),
    # Plain "en" writes "Sep" (en_GB says "Sept"); en_GB joins lists without the Oxford comma.
    SupportedLanguage("en", "English", date_locale="en", list_locale="en_GB"),
)
DEFAULT_LANGUAGE = LANGUAGES[0].code
CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
_BY_CODE = {language.code: language for language in LANGUAGES}


def supported(code: str | None) -> str | None:
    """The listed language a code asks for ("en-GB" → "en"), or None when none is."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base if base in _BY_CODE else None


def normalise_language(code: str | None) -> str:
    """The supported language a code asks for; anything unknown gets the default."""
    return supported(code) or DEFAULT_LANGUAGE


def language(code: str | None) -> SupportedLanguage:
    return _BY_CODE[normalise_language(code)]


def others(code: str | None) -> tuple[SupportedLanguage, ...]:
    """Every language but this one: what the settings offer to switch to."""
    current = normalise_language(code)
    return tuple(lang for lang in LANGUAGES if lang.code != current)
