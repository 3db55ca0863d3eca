"""One health lexicon: the parser's guard and the log redactor agree on every word.

The words come from the review that found the old lists apart: compounds,
words typed without å, ä and ö, short words at the start of a compound.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.lexicon.health import LEXICON, Category, Where, fold, health_word, phrase_runs
from bot.nlu import parse
from bot.nlu.words import COMMON_WORDS
from bot.storage.redact import HEALTH, redact
from tests.architecture.imports import edges

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")
FAMILY = ["Elsa", "Nils"]

# The review's words, and more of their kind: compounds, diagnoses, visits, medication.
_REVIEWED = """
maginfluensa maginfluensan magont halsont huvudvärk huvudvärken allergi nötallergi psykolog
psykologen cancer celiaki dyslexi NPF npf-utredning hiv insulin benbrott hjärnskakning gravid
självskada självskadebeteende BVC BVC-tid bvcbesöket kräks kraks kräkts vinterkräksjukan
feberkramp öroninflammation lunginflammation vattkoppor astma astmamedicin diabetes epilepsi
adhd autism ångest depression ätstörning glutenintolerant laktosintolerans tandläkaren
vårdcentralen sjukhuset akuten logoped barnmorskan elevhälsan 1177 antibiotika penicillin
alvedon inhalator vaccinationen sprutan operationer röntgen gipset fraktur stukat lössen
halsfluss migrän hosta hostar tandvärk mensvärk streptokocker urinvägsinfektion
"""
REVIEWED = _REVIEWED.split()


# Folded stems reached only through a diacritic: "loss" as typed is an ordinary word.
TYPED = {"loss": "löss", "lossen": "lössen"}


def _plain(word: str) -> str:
    """The word as typed on a phone without Swedish letters."""
    return word.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))


@pytest.mark.parametrize("word", REVIEWED)
def test_the_reviewed_words_are_health_with_and_without_diacritics(word: str) -> None:
    for typed in {word, _plain(word), word.upper()}:
        assert health_word(typed), typed
        result = parse(f"Elsa är hemma idag, hon har {typed}", NOW, FAMILY)
        assert result.health_info, typed
        assert result.health_spans, typed
        assert typed not in redact(f"hon har {typed}"), typed


@pytest.mark.parametrize("entry", LEXICON, ids=lambda e: f"{e.category.value}:{e.stem}")
def test_every_entry_is_caught_by_the_guard_and_the_redactor(entry: object) -> None:
    """The shared table drives both: no word one of them catches slips past the other."""
    from bot.lexicon.health import Entry

    assert isinstance(entry, Entry)
    word = TYPED.get(entry.stem, entry.stem if entry.where is Where.WORD else entry.stem + "er")
    assert health_word(word)
    assert parse(f"Nils är borta idag {word}", NOW, FAMILY).health_info, word
    masked = redact(f"Nils {word} idag")
    assert word not in masked and HEALTH in masked, masked


def test_every_category_has_swedish_and_english_entries() -> None:
    for category in Category:
        stems = [e.stem for e in LEXICON if e.category is category]
        assert len(stems) >= 5, category


# Ordinary words that sit close to a stem, or fold onto one.
_ORDINARY = """
sjuk sjuka sjukt sjukanmälan sjukanmäla sjukdag höstlov höstlovet höstens varken loss arkiv
archive migrant smarta avbruten avbrutit oskadad kontor konto kontakta montessori sorry
nursery februari brottning snöret vårdnadshavare vårdnadshavaren medicinsk tandborste armband
benägen handskar halsduk magasin huvudsak huvudentré ryggsäck benämning fotboll fotografera
ögonblick nacken axeln lugnt hostel spyware tempo gravitation mvh er onto front ear early
year cancel colder through frisk friska mår bra pigg krakow
"""
ORDINARY = _ORDINARY.split()


@pytest.mark.parametrize("word", ORDINARY)
def test_ordinary_words_are_not_health(word: str) -> None:
    assert not health_word(word)
    assert redact(f"det gäller {word} idag") == f"det gäller {word} idag"


def test_the_parsers_ordinary_words_are_not_health() -> None:
    flagged = sorted(w for w in COMMON_WORDS if health_word(w))
    assert flagged == []


def test_plain_sjuk_stays_what_the_contract_says() -> None:
    """The parse contract: "sjuk" and "sjukanmälan" are the plain reason, not health."""
    for text in ("Nils är sjuk idag", "sjukanmälan Elsa", "Elsa is sick"):
        assert parse(text, NOW, FAMILY).health_info is False
        assert redact(text) == text


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("hon har ont i magen", [(2, 4)]),
        ("Hon MÅR illa", [(1, 2)]),
        ("hon mar illa", [(1, 2)]),
        ("he threw up last night", [(1, 2)]),
        ("Elsa has a cold", [(2, 3)]),
        ("vi har röda hund hemma", [(2, 3)]),
        ("vi mår bra", []),
    ],
)
def test_phrases(words: str, found: list[tuple[int, int]]) -> None:
    assert phrase_runs(words.split()) == found


def test_folding_keeps_offsets() -> None:
    for text in ("Kräks på BVC", "Ørebro Æble", "İstanbul", "a\u0308ngest"):
        assert len(fold(text)) == len(text)
    assert fold("Hjärnskakning") == "hjarnskakning"


def test_the_lexicon_imports_nothing_of_the_bot() -> None:
    """nlu and storage may both import it only because it leans on neither."""
    root = Path(__file__).resolve().parents[2] / "bot"
    found = edges(root)
    assert [e for e in found if e.source == "lexicon"] == []
    users = {e.source for e in found if e.target == "lexicon"}
    assert {"nlu", "storage"} <= users
