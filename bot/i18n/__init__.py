"""The bot's words: gettext catalogs in `locales/` and days written the Swedish way.

    t = translator(chat_language)
    t.gettext("Absence reported for {name}", name=child)
    t.ngettext("{n} new message", "{n} new messages", count)

Msgids are English; Swedish is the default language. Strings kept in tables are
marked with `N_` so extraction finds them, and translated where they are shown.
"""

from bot.i18n.catalogs import DOMAIN, LOCALES_ENV, CatalogError, locales_dir
from bot.i18n.dates import (
    format_day,
    format_day_list,
    format_day_short,
    format_relative_day,
    format_time,
    weekday_name,
    weekday_names,
)
from bot.i18n.languages import (
    CODES,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    SupportedLanguage,
    language,
    normalise_language,
    others,
    supported,
)
from bot.i18n.translator import N_, Translator, clear_cache, translator

__all__ = [
    "CODES",
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LOCALES_ENV",
    "N_",
    "CatalogError",
    "SupportedLanguage",
    "Translator",
    "clear_cache",
    "format_day",
    "format_day_list",
    "format_day_short",
    "format_relative_day",
    "format_time",
    "language",
    "locales_dir",
    "normalise_language",
    "others",
    "supported",
    "translator",
    "weekday_name",
    "weekday_names",
]
