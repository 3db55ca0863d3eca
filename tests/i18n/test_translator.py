from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.i18n import N_, CatalogError, clear_cache, normalise_language, translator

from .conftest import WriteCatalog

SV = """
msgid "Hello {name}"
msgstr "Hej {name}"

msgid "{child} is away on {day}"
msgstr "{day} är {child} borta"

msgid "{n} new message"
msgid_plural "{n} new messages"
msgstr[0] "{n} nytt meddelande"
msgstr[1] "{n} nya meddelanden"

msgid "{n} day for {child}"
msgid_plural "{n} days for {child}"
msgstr[0] "{n} dag för {child}"
msgstr[1] "{n} dagar för {child}"

#, fuzzy
msgid "Not reviewed"
msgstr "Inte granskad"

msgid "Untranslated"
msgstr ""

msgid "Broken {name}"
msgstr "Trasig {namn}"

msgid "Literal {braces}"
msgstr "Bokstavliga {braces}"
"""

EN = """
msgid "Hello {name}"
msgstr ""
"""


@pytest.fixture
def catalogs(write_catalog: WriteCatalog) -> None:
    write_catalog("sv", SV)
    write_catalog("en", EN)


@pytest.mark.usefixtures("catalogs")
class TestTranslator:
    def test_swedish_is_the_default(self) -> None:
        t = translator()
        assert t.lang == "sv"
        assert t.gettext("Hello {name}", name="Elsa") == "Hej Elsa"

    def test_english_falls_back_to_the_msgid(self) -> None:
        t = translator("en")
        assert t.lang == "en"
        assert t.gettext("Hello {name}", name="Elsa") == "Hello Elsa"
        assert t.gettext("{child} is away on {day}", child="Nils", day="Friday") == (
            "Nils is away on Friday"
        )

    def test_translators_may_move_placeholders(self) -> None:
        text = translator("sv").gettext("{child} is away on {day}", child="Nils", day="fredag")
        assert text == "fredag är Nils borta"

    @pytest.mark.parametrize(
        ("n", "sv", "en"),
        [
            (0, "0 nya meddelanden", "0 new messages"),
            (1, "1 nytt meddelande", "1 new message"),
            (2, "2 nya meddelanden", "2 new messages"),
            (21, "21 nya meddelanden", "21 new messages"),
        ],
    )
    def test_plural_forms(self, n: int, sv: str, en: str) -> None:
        assert translator("sv").ngettext("{n} new message", "{n} new messages", n) == sv
        assert translator("en").ngettext("{n} new message", "{n} new messages", n) == en

    def test_plural_with_more_placeholders(self) -> None:
        t = translator("sv")
        text = t.ngettext("{n} day for {child}", "{n} days for {child}", 3, child="Elsa")
        assert text == "3 dagar för Elsa"

    def test_fuzzy_and_empty_entries_are_not_used(self) -> None:
        t = translator("sv")
        assert t.gettext("Not reviewed") == "Not reviewed"
        assert t.gettext("Untranslated") == "Untranslated"

    def test_without_arguments_braces_are_left_alone(self) -> None:
        assert translator("sv").gettext("Literal {braces}") == "Bokstavliga {braces}"

    def test_a_broken_translation_shows_the_english_and_logs_no_values(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR):
            text = translator("sv").gettext("Broken {name}", name="Elsa Svensson")
        assert text == "Broken Elsa Svensson"
        assert "Broken {name}" in caplog.text
        assert "Elsa Svensson" not in caplog.text

    def test_a_bug_in_the_msgid_itself_still_raises(self) -> None:
        with pytest.raises(KeyError):
            translator("sv").gettext("Unknown {thing}", other=1)

    def test_translators_are_cached_per_language(self) -> None:
        assert translator("sv") is translator("sv-SE")
        assert translator("en") is translator("en_GB")
        assert translator("sv") is not translator("en")

    def test_unknown_language_gets_swedish(self) -> None:
        assert translator("de").lang == "sv"
        assert translator("de").gettext("Hello {name}", name="Nils") == "Hej Nils"


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        (None, "sv"),
        ("", "sv"),
        ("sv", "sv"),
        ("sv-SE", "sv"),
        ("SV_se", "sv"),
        ("en", "en"),
        ("en-US", "en"),
        (" EN ", "en"),
        ("de", "sv"),
        ("fi", "sv"),
        ("english", "sv"),
    ],
)
def test_normalise_language(code: str | None, lang: str) -> None:
    assert normalise_language(code) == lang


def test_n_marks_without_translating() -> None:
    assert N_("{n} new message") == "{n} new message"


def test_missing_language_file_falls_back_to_msgids(write_catalog: WriteCatalog) -> None:
    write_catalog("sv", SV)
    assert translator("en").gettext("Hello {name}", name="Ali") == "Hello Ali"


def test_missing_locales_dir_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBBOT_LOCALES_DIR", str(tmp_path / "nowhere"))
    clear_cache()
    with pytest.raises(CatalogError, match="HUBBOT_LOCALES_DIR"):
        translator("sv")


def test_an_unreadable_catalog_is_a_clear_error(write_catalog: WriteCatalog) -> None:
    write_catalog("sv", 'msgid "Hello"\nmsgstr "Hej"\nthis is not a po line\n')
    with pytest.raises(CatalogError, match=r"hubbot\.po"):
        translator("sv")


def test_the_real_catalogs_are_found_next_to_the_package() -> None:
    """No HUBBOT_LOCALES_DIR: the repo's own locales/ is used."""
    assert translator("sv").gettext("tomorrow") == "imorgon"
    assert translator("en").gettext("tomorrow") == "tomorrow"
