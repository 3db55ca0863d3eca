"""The health lexicon: which words tell something about a child's health.

One table serves both the parser's guard (what must not reach the Hub) and the
redactor (what must not stay in a transcript), so the two cannot drift apart.

Swedish glues words together ("maginfluensa", "vinterkräksjukan",
"npf-utredningen"), and guardians type on phones without å, ä and ö ("kraks",
"hjarnskakning"). So a word is folded (lower case, diacritics off) and looked
up by stem: most stems may sit anywhere inside a word, short ones only at its
start or as the whole word. A few folded stems collide with ordinary words
("höst" folds to "host", "varken" to the ache "värken"): those entries are
compared as written, or the ordinary word is listed as an exception.

The plain words "sjuk", "sjuka", "sjukanmälan" are not in the lexicon: being ill
is the ordinary reason for an absence (the parse contract). Tuned for recall:
a missed word leaks, an extra one only drops a clause from a note or masks a
word in the log.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache


class Category(Enum):
    """Why a word is health information; documents the table, and lets tests cover each."""

    SYMPTOM = "symptom"
    ILLNESS = "illness"
    CONDITION = "condition"  # diagnoses, chronic, neuropsychiatric and mental health
    INJURY = "injury"
    REPRODUCTIVE = "reproductive"
    CARE = "care"  # visits, places and professions of care
    TREATMENT = "treatment"  # medication, procedures


class Where(Enum):
    """Where a stem may sit in a (folded) word."""

    INSIDE = "inside"  # anywhere: compounds and every ending
    START = "start"  # at the start: short stems ("bvc", "hiv") with any ending
    WORD = "word"  # the whole word only: too short or too common to look inside others
    WRITTEN = "written"  # anywhere, but compared as written (its folded form collides)


@dataclass(frozen=True, slots=True)
class Entry:
    stem: str
    where: Where
    category: Category


C, W = Category, Where

# (category, where, stems). Stems are folded (no diacritics) except WRITTEN ones.
_TABLE: tuple[tuple[Category, Where, str], ...] = (
    # -- symptoms
    (C.SYMPTOM, W.INSIDE, """
        feber febrig krak spydde spytt spya spyr diarr illama yrsel huvudvark
        snuva snuvig snorig snoret forkyl andnod andningsbesvar magknip
        forstoppning utslag klada blasor svullen svullnad kramp temperatur
        tempen symtom symptom blodnas nasblod
        fever vomit puking diarrh nause cough headache stomachache tummyache
        stomach tummy dizz migraine seizure
    """),
    (C.SYMPTOM, W.WRITTEN, "hosta hostar hostat hostig hosten hostning hostade värk smärt migrän"),
    (C.SYMPTOM, W.WORD, """
        ont yr rs rsv spy mage magen vark migran migranen rash rashes puke sore vomiting
        threw throwing
    """),
    # -- illnesses, infections
    (C.ILLNESS, W.INSIDE, """
        magsjuk kraksjuk influensa flunsa inflammation infektion covid corona
        vattkoppor massling passjuka scharlakan kikhosta halsfluss streptokock
        springmask huvudloss virus bakterie smitt borrelia fastingbett
        hepatit tuberkulos magkatarr bihale bindhinne urinvag
        influenza infection chickenpox measles mumps strep covid
    """),
    (C.ILLNESS, W.WORD, "flu loss lossen tbc uvi lice"),
    # -- diagnoses and conditions, body and mind
    (C.CONDITION, W.INSIDE, """
        astma allerg anafylax eksem diabet epilep celiaki glutenintoler laktosintoler
        intoleran cancer tumor leukemi cellgift cytostatika adhd autis asperger
        dyslexi dyskalkyli dyspraxi tourette sprakstorning diagnos neuropsyk
        depression deprimerad angest panikangest atstorning anorexi bulimi
        sjalvskad sjalvmord suicid psykos psykisk psykiatri bipolar tvangssyndrom
        handikapp funktionsnedsattning funktionsvariation horselnedsattning
        synnedsattning rullstol
        asthma allergic eczema diabetes diabetic epilepsy epileptic celiac coeliac
        leukemia leukaemia tumour autism autistic dyslexia depressed anxiety
        selfharm suicidal disorder disabilit wheelchair
    """),
    (C.CONDITION, W.START, "npf bup ocd ptsd hiv"),
    (C.CONDITION, W.WORD, "aids"),
    # -- injuries
    (C.INJURY, W.INSIDE, """
        hjarnskakning benbrott armbrott fraktur gips stukat stukade stukning
        vrickat vrickade vrickning brannskad blamarke
        concussion fracture sprain injur
    """),
    (C.INJURY, W.WORD, "brot brutit bruten brutet brutna broken skadat skadade skadad skadan"),
    # -- pregnancy, menstruation
    (C.REPRODUCTIVE, W.INSIDE, """
        gravid abort missfall barnmorsk preventivmedel menstruation mensvark mensen
        pregnan
    """),
    (C.REPRODUCTIVE, W.WORD, "mens"),
    (C.REPRODUCTIVE, W.START, "mvc"),
    # -- care: visits, places and the people who give it
    (C.CARE, W.INSIDE, """
        lakar doktor tandlak tandvard tandreglering ortodont
        sjukhus akutmottagning vardcentral sjukvard barnavard ungdomsmottagning
        sjukskoterska skolskoterska skolsyster elevhalsa psykolog logoped
        arbetsterapeut sjukgymnast fysioterapeut habilitering audiolog
        horselkontroll synkontroll horselundersok synundersok ogonlakare
        barnlakare remiss provtagning blodprov rontgen magnetkamera
        doctor dentist hospital clinic psycholog psychiatr therapist therapy
        orthodont paediatric pediatric
    """),
    (C.CARE, W.START, "bvc 1177"),
    (C.CARE, W.WORD, "akuten gp nurse nurses"),
    # -- treatment: medication and procedures
    (C.TREATMENT, W.INSIDE, """
        medicin antibiotik penicillin alvedon ipren panodil inhalator astmaspray
        kortison insulin epipen tablett nasspray ogondroppar vaccin spruta
        operation operer
        medicine medication antibiotic inhaler surgery
    """),
    (C.TREATMENT, W.WORD, "pill pills piller"),
)  # fmt: skip

# Body parts: "<part>ont", "<part>värk", "<part>skada" … are symptoms or injuries.
_BODY = "mag hals oron tand rygg kna fot arm ben hand handled nack axel ogon huvud lung njur"
_TROUBLE = "ont vark besvar smarta skada sar"

# Folded words that hold a stem but are not health information.
_NOT_HEALTH_WORDS = """
    medicinsk operationen cooperation hostel coughlan brokenhearted stomachs
    nursery nurseries utslagsgivande hive krakow kraken gipsskiva gipsskivor
"""
_NOT_HEALTH = frozenset(_NOT_HEALTH_WORDS.split())
# Words as written (lower case) whose folded form collides with a stem: "varken" is
# "neither", "loss" is "loose" (the lice are "löss"), a "snöre" is a string.
_AS_WRITTEN = "varken loss snöre snöret snören snörena"
_AS_WRITTEN_NOT_HEALTH = frozenset(_AS_WRITTEN.split())


def _entries() -> tuple[Entry, ...]:
    found = [
        Entry(stem, where, category) for category, where, stems in _TABLE for stem in stems.split()
    ]
    for part in _BODY.split():
        for trouble in _TROUBLE.split():
            category = C.INJURY if trouble in ("skada", "sar") else C.SYMPTOM
            found.append(Entry(part + trouble, W.INSIDE, category))
    return tuple(found)


LEXICON: tuple[Entry, ...] = _entries()

# Folding keeps one character per character, so offsets in a folded text are those of
# the original: å, ä, ö, é, ü … lose their marks; other letters only their case.
_FOLD = {
    ch: base
    for ch in map(chr, range(0xC0, 0x250))
    if (base := unicodedata.normalize("NFD", ch)[0].lower()).isascii() and base.isalpha()
} | {"ø": "o", "Ø": "o", "æ": "a", "Æ": "a", "ß": "s", "œ": "o", "Œ": "o", "ı": "i"}
_FOLD_TABLE = str.maketrans(_FOLD)
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one ("Kräks" -> "kraks").

    A decomposed letter ("a" + combining ring) folds to its base and the mark is kept,
    so the length still matches; words are looked up after the marks are dropped.
    """
    low = text.lower()
    if len(low) != len(text):  # a few letters grow when lowered ("İ"): keep those as they are
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_FOLD_TABLE)


def _alternation(stems: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, set(stems)), key=len, reverse=True))


def _stems(*where: Where) -> list[str]:
    return [e.stem for e in LEXICON if e.where in where]


_INSIDE = re.compile(_alternation(_stems(W.INSIDE)))
_WRITTEN = re.compile(_alternation(_stems(W.WRITTEN)))
_START = re.compile(_alternation(_stems(W.START)))
_WORDS = frozenset(_stems(W.WORD))


@lru_cache(maxsize=16384)
def health_word(word: str) -> bool:
    """Whether one word by itself carries health information ("feber", "Tandläkaren",
    "maginfluensan", "hjarnskakning", "BVC-tiden")."""
    written = unicodedata.normalize("NFC", word.lower())
    if written in _AS_WRITTEN_NOT_HEALTH:
        return False
    folded = _COMBINING.sub("", fold(written))
    if folded in _WORDS:
        return True
    if folded in _NOT_HEALTH or len(folded) < 3:
        return False
    return bool(
        _START.match(folded)
        or _INSIDE.search(folded)
        or _WRITTEN.search(written)
        # "BVC-tiden", "npf-utredning": each part of a hyphenated word counts alone
        or ("-" in folded and any(health_word(p) for p in folded.split("-") if p))
    )


# -- multi-word signs -----------------------------------------------------------------------
# Each phrase is a sequence of word sets over folded words; "*" is any word.
_ANY = "*"
_PHRASES: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset(alt.split("|")) for alt in phrase.split())
    for phrase in (
        "ont i *",
        "mar|madde illa",
        "dalig|daliga i magen|halsen|huvudet",
        "los|losa mage|magen|magar",
        "gjort|gjorde illa",
        "slagit|slog|skadat|skadade sig",
        "roda hund",
        "p piller",
        "threw|throwing|throw|thrown|throws up",
        "a|the|has|got cold",
        "sore throat|ear|tummy|stomach",
        "stomach|tummy|ear ache|aches",
        "upset stomach|tummy",
        "runny nose",
        "a|high temperature",
        "self harm",
        "x ray",
    )
)
# An injury named by a verb and the body part it hit ("bröt armen", "stukade foten",
# "broke his wrist"): the body part goes with the verb.
_BODY_WORDS = """
    arm armen armar armarna ben benet benen hand handen handerna handled handleden handlov
    handloven fot foten fotterna fotled fotleden ta tan tarna finger fingret fingrar fingrarna
    tumme tummen kna knat knana axel axeln axlarna nacke nacken rygg ryggen huvud huvudet nasa
    nasan tand tanden tanderna oga ogat ogon ogonen ora orat oronen kake kaken nyckelben
    nyckelbenet revben revbenet hoft hoften
    arm arms leg legs wrist ankle foot feet hand hands finger fingers toe toes nose head back
    knee knees shoulder collarbone elbow tooth teeth
"""
_INJURED = """
    brot brutit bruten stukat stukade stukit vrickat vrickade vrickit skadat skadade slagit slog
    broke broken sprained twisted hurt injured fractured
"""
_POSSESSIVE = "sin sitt sina her his their"
_BODY_PARTS = frozenset(_BODY_WORDS.split())
_INJURY_PHRASES: tuple[tuple[frozenset[str], ...], ...] = (
    (frozenset(_INJURED.split()), _BODY_PARTS),
    (frozenset(_INJURED.split()), frozenset(_POSSESSIVE.split()), _BODY_PARTS),
)
_PHRASES += _INJURY_PHRASES
PHRASE_FIRST_WORDS: frozenset[str] = frozenset().union(*(p[0] for p in _PHRASES))


def _written_forms(folded: str) -> set[str]:
    """The ways a folded word may be typed with Swedish letters ("brot": "bröt", "brot")."""
    forms = {""}
    for ch in folded:
        options = {"a": "aåä", "o": "oö", "e": "eé"}.get(ch, ch)
        forms = {f + o for f in forms for o in options}
    return forms


# The first words as typed, so a caller can skip the search without folding every word.
PHRASE_FIRST_FORMS: frozenset[str] = frozenset(
    form for word in PHRASE_FIRST_WORDS for form in _written_forms(word)
)


def _fits(word: str, allowed: frozenset[str]) -> bool:
    return _ANY in allowed or word in allowed


def phrase_runs(words: Sequence[str]) -> list[tuple[int, int]]:
    """(first, last) word indexes of multi-word health signs ("ont i magen", "mår illa",
    "threw up") in a sequence of words (any case, with or without diacritics)."""
    folded: list[str] | None = None
    found: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        if folded is None:
            low = word if word.isascii() and word.islower() else fold(word)
            if low not in PHRASE_FIRST_WORDS:
                continue
            folded = [w if w.isascii() and w.islower() else fold(w) for w in words]
        if folded[i] not in PHRASE_FIRST_WORDS:
            continue
        for phrase in _PHRASES:
            end = i + len(phrase)
            if end <= len(folded) and all(
                _fits(w, allowed) for w, allowed in zip(folded[i:end], phrase, strict=True)
            ):
                found.append((i, end - 1))
    return found


__all__ = [
    "LEXICON",
    "PHRASE_FIRST_FORMS",
    "PHRASE_FIRST_WORDS",
    "Category",
    "Entry",
    "Where",
    "fold",
    "health_word",
]
__all__ += ["phrase_runs"]
