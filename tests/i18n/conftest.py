"""Catalogs written per test into a temporary locales dir, so translator tests
do not depend on what the real catalogs happen to contain."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.i18n import LOCALES_ENV, clear_cache

HEADER = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""

WriteCatalog = Callable[[str, str], Path]


@pytest.fixture(autouse=True)
def _fresh_translators(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(LOCALES_ENV, raising=False)
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def write_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteCatalog:
    """write_catalog(lang, entries) puts a .po under a temp locales dir and points the bot at it."""
    root = tmp_path / "locales"
    root.mkdir()
    monkeypatch.setenv(LOCALES_ENV, str(root))

    def write(lang: str, entries: str) -> Path:
        path = root / lang / "LC_MESSAGES" / "hubbot.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER.format(lang=lang) + entries, encoding="utf-8")
        clear_cache()
        return path

    return write
