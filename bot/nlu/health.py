"""Health information in a message, and exactly which characters carry it.

The Hub must not receive a child's symptoms, diagnoses, medical visits or
medication (GDPR): the bot files the absence without the reason. The plain
word "sjuk" is the ordinary reason for an absence and is not health
information; "feber", "tandläkaren" or "antibiotika" are. Tuned for recall:
a missed symptom leaks, a flagged one only drops a clause from the note.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.lexer import Token

# Stems found anywhere inside a word: Swedish compounds ("öroninflammation", "magsjukan").
_INFIX = [
    "feber",
    "febrig",
    "febern",
    "kräk",
    "spydde",
    "spyr",
    "spytt",
    "spya",
    "diarr",
    "förkyl",
    "snuva",
    "snuvig",
    "snorig",
    "hosta",
    "hostar",
    "hostat",
    "hostig",
    "hosten",
    "halsont",
    "halsfluss",
    "magont",
    "magsjuk",
    "maginfluensa",
    "huvudvärk",
    "värk",
    "inflammation",
    "infektion",
    "influensa",
    "flunsa",
    "covid",
    "corona",
    "vattkoppor",
    "mässling",
    "kikhosta",
    "springmask",
    "löss",
    "huvudlöss",
    "astma",
    "allergi",
    "allergisk",
    "eksem",
    "diabetes",
    "epilepsi",
    "adhd",
    "autism",
    "diagnos",
    "migrän",
    "illamå",
    "utslag",
    "blåsor",
    "svullen",
    "hjärnskakning",
    "bruten",
    "brutit",
    "gips",
    "stukat",
    "stukade",
    "vrickat",
    "vrickade",
    "frakturer",
    "fraktur",
    "läkare",
    "läkarbesök",
    "läkartid",
    "doktor",
    "tandläk",
    "tandvärk",
    "bvc",
    "vårdcentral",
    "sjukhus",
    "akuten",
    "akutmottagning",
    "1177",
    "sjuksköterska",
    "skolsköterska",
    "skolsyster",
    "psykolog",
    "bup",
    "logoped",
    "sjukgymnast",
    "fysioterapeut",
    "ortodontist",
    "tandreglering",
    "barnläkare",
    "ögonläkare",
    "provtagning",
    "vaccin",
    "spruta",
    "operation",
    "opereras",
    "opererad",
    "röntgen",
    "medicin",
    "antibiotik",
    "penicillin",
    "alvedon",
    "ipren",
    "panodil",
    "inhalator",
    "tablett",
    "kortison",
    "kräksjuk",
    "vinterkräk",
    "lunginflammation",
    "urinvägs",
    "öroninflammation",
    "ögoninflammation",
    "bindhinne",
    "halsfluss",
    "feberkramp",
    "andningsbesvär",
    "andnöd",
    "magknip",
    "förstoppning",
    "tandläkare",
    "hörselkontroll",
    "synkontroll",
    "hosting",
    "temperatur",
    "tempen",
    "ont",
    "bröt",
    "brutit",
    "skadat",
    "skadade",
    "skadad",
    "skadan",
    "ramlat",
    "ramlade",
    "mensvärk",
    "fever",
    "vomit",
    "puking",
    "puke",
    "diarrh",
    "flu",
    "cough",
    "sore",
    "headache",
    "stomachache",
    "stomach",
    "tummy",
    "infection",
    "chickenpox",
    "measles",
    "asthma",
    "allerg",
    "rash",
    "nausea",
    "nauseous",
    "migraine",
    "doctor",
    "dentist",
    "hospital",
    "clinic",
    "medicine",
    "medication",
    "antibiotic",
    "inhaler",
    "injur",
    "broken",
    "concussion",
    "sprain",
    "lice",
]
# Words that carry health information only as whole words (too short to find inside others).
_WHOLE = frozenset(
    {
        "ont",
        "mage",
        "magen",
        "kräks",
        "spy",
        "yr",
        "yrsel",
        "rs",
        "gp",
        "mens",
        "mensen",
        "vomiting",
        "threw",
        "throwing",
        "medicine",
        "pills",
        "pill",
    }
)
# Words that contain a stem but are not health information.
_NOT_HEALTH = frozenset(
    {
        "ontario",
        "konto",
        "kontot",
        "kontor",
        "kontakt",
        "kontakta",
        "montessori",
        "horisont",
        "front",
        "sorry",
        "sort",
        "sorts",
        "resort",
        "fluga",
        "flugor",
        "influence",
        "medicinsk",
        "operationen",
        "hostel",
        "coughlan",
        "brokenhearted",
        "stomachs",
    }
)
_ACHING = frozenset({"mag", "hals", "huvud", "öron", "tand", "rygg", "ben", "knä", "fot", "arm"})
# Multi-word signs ("ont i magen", "mår illa", "throwing up", "a cold"), over normalised words.
_PHRASES = re.compile(
    r"\b(?:ont i \w+|har ont|mår illa|dålig i (?:magen|magen|halsen)|lös mage|lösa magar|"
    r"threw up|throwing up|throw up|thrown up|a cold|the flu|sore throat|stomach ache|"
    r"upset stomach|runny nose|ear ache|tummy ache|has a temperature|high temperature|"
    r"röda hund|has a cold|got a cold|with a cold|gjort illa|slagit sig|slog sig)\b"
)
# Words pulled into a health span when they lead into it ("hon har feber", "pga läkarbesök").
_LEAD_IN = frozenset(
    {
        "hon",
        "han",
        "hen",
        "har",
        "hade",
        "fått",
        "fick",
        "är",
        "e",
        "blev",
        "pga",
        "p",
        "g",
        "a",
        "eftersom",
        "då",
        "för",
        "med",
        "ska",
        "till",
        "hos",
        "tid",
        "på",
        "vid",
        "och",
        "o",
        "lite",
        "mycket",
        "massor",
        "fortfarande",
        "also",
        "has",
        "had",
        "is",
        "with",
        "got",
        "the",
        "to",
        "due",
        "because",
        "of",
        "she",
        "he",
        "they",
        "sin",
        "sitt",
        "sina",
        "her",
        "his",
        "lätt",
        "hög",
        "high",
        "gå",
        "åka",
        "besök",
        "appointment",
        "an",
        "at",
        "grund",
        "av",
        "samt",
        "kräkts",
        "natt",
        "inatt",
        "i",
    }
)
_TRAIL = frozenset(
    {
        "i",
        "natt",
        "inatt",
        "morse",
        "imorse",
        "hela",
        "sedan",
        "sen",
        "igår",
        "night",
        "last",
        "och",
        "o",
        "ska",
        "ta",
        "take",
        "and",
        "massor",
        "mycket",
        "kl",
    }
)

_STEM_RE = re.compile("|".join(sorted(map(re.escape, _INFIX), key=len, reverse=True)))


@lru_cache(maxsize=16384)
def health_word(word: str) -> bool:
    """Whether one word by itself carries health information ("feber", "tandläkaren")."""
    if word in _WHOLE:
        return True
    if word in _NOT_HEALTH or len(word) < 3:
        return False
    m = _STEM_RE.search(word)
    if m is None:
        return False
    stem = m.group()
    if stem == "ont":
        return word == "ont" or (word.endswith("ont") and word[:-3] in _ACHING)
    if stem in ("rash", "flu") and word != stem:
        return word in ("rashes",)
    return True


# Every phrase holds one of these words: without one, the phrase search is skipped.
_PHRASE_WORDS = frozenset(
    {"ont", "mår", "dålig", "lös", "lösa", "threw", "throwing", "throw", "thrown", "cold", "flu"}
    | {"sore", "stomach", "upset", "runny", "ear", "tummy", "temperature", "röda", "illa"}
    | {"slagit", "slog"}
)


def phrase_matches(norm_text: str, words: set[str] | None = None) -> list[tuple[int, int]]:
    """(first, last) character offsets of multi-word health phrases in the compact text.

    `words`, the message's words when the caller has them, lets most messages skip the search.
    """
    if words is not None and words.isdisjoint(_PHRASE_WORDS):
        return []
    return [(m.start(), m.end() - 1) for m in _PHRASES.finditer(norm_text)]


def health_spans(
    toks: list[Token], hits: list[int], phrases: list[tuple[int, int]], keep: list[bool]
) -> list[tuple[int, int]]:
    """Character spans to drop: each health word widened over the words that lead into it.

    Never widened over a token in `keep` (child names, days, times), so dropping the span
    leaves who and when intact.
    """
    ranges: list[tuple[int, int]] = [(i, i) for i in hits] + phrases
    if not ranges:
        return []
    grown: list[tuple[int, int]] = []
    for a, b in ranges:
        while a > 0 and not keep[a - 1] and toks[a - 1].norm in _LEAD_IN:
            a -= 1
        while (
            b + 1 < len(toks)
            and not keep[b + 1]
            and (toks[b + 1].norm in _TRAIL or health_word(toks[b + 1].norm))
        ):
            b += 1
        # never end on a bare conjunction
        while b > a and toks[b].norm in ("och", "o", "and", "ska", "ta", "take", "i", "kl"):
            b -= 1
        grown.append((a, b))
    grown.sort()
    merged: list[list[int]] = []
    for a, b in grown:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(toks[a].start, toks[b].end) for a, b in merged]
