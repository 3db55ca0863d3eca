"""One object per language that turns English msgids into the chat's language.

Msgids are English source strings with `{name}` placeholders; the placeholders
are filled with `str.format` *after* translation, so translators can move them.
"""

from __future__ import annotations

import gettext
import logging
from functools import cache

from babel import Locale

from bot.i18n.catalogs import load_translations
from bot.i18n.languages import normalise_language

log = logging.getLogger(__name__)


def N_(msgid: str) -> str:
    """Marks a string in a table for extraction; translate it later with `gettext`."""
    return msgid


class Translator:
    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self._translations = translations

    def gettext(self, msgid: str, /, **kw: object) -> str:
        text = self._translations.gettext(msgid)
        return _fill(text, msgid, kw) if kw else text

    def ngettext(self, singular: str, plural: str, n: int, /, **kw: object) -> str:
        """`{n}` is always available to the text."""
        text = self._translations.ngettext(singular, plural, n)
        fallback = singular if n == 1 else plural
        return _fill(text, fallback, {"n": n, **kw})

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def _fill(text: str, msgid: str, kw: dict[str, object]) -> str:
    try:
        return text.format(**kw)
    except (KeyError, IndexError, ValueError):
        # A broken translation must not break the reply: say so once, show the English.
        # The values may be personal, so only the msgid is logged.
        log.error("translation of %r has bad placeholders; using the msgid", msgid)
        return msgid.format(**kw)


@cache
def _cached(lang: str) -> Translator:
    return Translator(lang, load_translations(lang))


def translator(lang: str | None = None) -> Translator:
    """The translator for a chat's language code ("sv" when unknown), loaded once."""
    return _cached(normalise_language(lang))


def clear_cache() -> None:
    """Forget loaded catalogs, e.g. after pointing HUBBOT_LOCALES_DIR elsewhere."""
    _cached.cache_clear()
