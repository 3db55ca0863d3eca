"""One list of languages drives the catalogs, the settings and the code's language checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import CODES, DEFAULT_LANGUAGE, LANGUAGES, normalise_language, others, supported
from bot.i18n.catalogs import catalog_paths
from bot.storage.models import Language

ROOT = Path(__file__).resolve().parents[2]


def test_every_listed_language_has_its_catalogs() -> None:
    for lang in LANGUAGES:
        assert catalog_paths(lang.code, ROOT / "locales"), lang.code
    assert LANGUAGES[0].code == DEFAULT_LANGUAGE


def test_there_are_no_catalogs_of_unlisted_languages() -> None:
    folders = {p.name for p in (ROOT / "locales").iterdir() if p.is_dir()}
    assert folders == set(CODES)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("sv-SE", "sv"), ("en_GB", "en"), ("EN", "en"), ("de", None), ("", None), (None, None)],
)
def test_codes_from_channels(code: str | None, expected: str | None) -> None:
    assert supported(code) == expected
    assert normalise_language(code) == (expected or DEFAULT_LANGUAGE)


def test_settings_offer_every_other_language() -> None:
    for lang in CODES:
        assert {o.code for o in others(lang)} == set(CODES) - {lang}


def test_a_chat_language_is_one_of_the_list() -> None:
    assert [Language(code) for code in CODES] == list(CODES)
    with pytest.raises(ValueError):
        Language("xx")


def test_the_update_script_reads_the_list() -> None:
    script = (ROOT / "scripts" / "i18n-update").read_text(encoding="utf-8")
    assert "for lang in sv en" not in script and "bot.i18n.languages" in script
