from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.storage.redact import (
    EMAIL,
    HEALTH,
    HIDDEN,
    PERSONNUMMER,
    PHONE,
    redact,
    sensitive_spans,
)

PNR = PERSONNUMMER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Identity numbers, every common way of writing them.
        ("Elsa 150612-1234 är sjuk", f"Elsa {PNR} är sjuk"),
        ("pnr 1506121234", f"pnr {PNR}"),
        ("pnr 20150612-1234.", f"pnr {PNR}."),
        ("pnr 201506121234", f"pnr {PNR}"),
        ("pnr 150612 1234", f"pnr {PNR}"),
        ("över hundra: 150612+1234", f"över hundra: {PNR}"),
        ("19150612+1234", PNR),
        ("samordningsnr 150672-1234", f"samordningsnr {PNR}"),
        ("fel datum men ändå 151399-1234", f"fel datum men ändå {PNR}"),
        ("(150612-1234)", f"({PNR})"),
        ("a150612-1234", f"a{PNR}"),
        ("pnr 150612–1234", f"pnr {PNR}"),  # en dash
        ("pnr 150612_1234", f"pnr {PNR}"),
        ("pnr 150612 - 1234", f"pnr {PNR}"),
        ("pnr 20150612 1234", f"pnr {PNR}"),
        ("pnr 2015-06-12-1234", f"pnr {PNR}"),
        ("pnr 20150672–1234", f"pnr {PNR}"),  # samordningsnummer, en dash
        ("samordningsnummer 150672_1234", f"samordningsnummer {PNR}"),
        # Phones.
        ("ring +46 70-123 45 67", f"ring {PHONE}"),
        ("ring (070) 123 45 67", f"ring {PHONE}"),
        ("ring 070.123.45.67", f"ring {PHONE}"),
        ("ring 070/123 45 67", f"ring {PHONE}"),
        ("ring 0046701234567", f"ring {PHONE}"),
        ("ring +46 (70) 123 45 67", f"ring {PHONE}"),
        ("ring 070–123 45 67 två gånger", f"ring {PHONE} två gånger"),
        ("norsk +47 912 34 567", f"norsk {PHONE}"),
        ("+1 (555) 123-4567", PHONE),
        ("+44 20 7946 0958", PHONE),
        ("0044 20 7946 0958", PHONE),
        ("Ring 070-123 45 67", f"Ring {PHONE}"),
        ("ring 070 123 45 67 tack", f"ring {PHONE} tack"),
        ("mobil +46 70 123 45 67", f"mobil {PHONE}"),
        ("mobil +46701234567", f"mobil {PHONE}"),
        ("+46 (0)70-123 45 67", PHONE),
        ("0046 70 123 45 67", PHONE),
        ("tel 08-123 456 78", f"tel {PHONE}"),
        ("tel 031-12 34 56", f"tel {PHONE}"),
        ("tel 0521-123 45", f"tel {PHONE}"),
        ("0701234567", PNR),  # also a valid birth date: masked either way
        # E-mail.
        ("mail anna.svensson@example.se!", f"mail {EMAIL}!"),
        ("Anna_S+skola@skola.vanersborg.se", EMAIL),
        ("åsa@exempel.se", EMAIL),
        ("anna(at)example.se", EMAIL),
        ("anna [at] example.se", EMAIL),
        ("anna at example dot se", EMAIL),
        ("skriv till anna.s @ skola.se", f"skriv till {EMAIL}"),
        # Health.
        ("hon har maginfluensa", f"hon har {HEALTH}"),
        ("Nils kraks i natt", f"Nils {HEALTH} i natt"),
        ("hon mar illa", f"hon {HEALTH}"),
        ("tid på BVC-mottagningen", f"tid på {HEALTH}"),
        ("npf-utredning pågår", f"{HEALTH} pågår"),
        ("ring 1177", f"ring {HEALTH}"),
        ("hon har feber och kräks", f"hon har {HEALTH} och {HEALTH}"),
        ("Magsjuka igen", f"{HEALTH} igen"),
        ("han har ont i magen", f"han har {HEALTH}"),
        ("she has the flu", f"she has the {HEALTH}"),
        ("tid hos tandläkaren", f"tid hos {HEALTH}"),
    ],
)
def test_masks(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elsa är sjuk idag",
        "2026-11-27 kl 07:30",
        "hämtas 0730-1600 på måndag",
        "07.30–16.00",
        "vecka 48, 3 dagar",
        "ordernummer 1234567890",
        "fluffig mössa",
        "Nils ska till kompisen kl 15",
        "20261127",
        "rum 12 34",
        "07.30-16.00 och 08.00-15.30",
        "kl 08.15–13.45",
        "den 01.12.2026",
        "2026-11-27 1430",
        "vi har varken tid eller lust",
        "höstlovet börjar",
        "Elsa mår bra",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text


def test_extra_spans_hide_what_the_parser_marked() -> None:
    text = "Nils är hemma, det vet ni varför"
    start = text.index("det")
    assert redact(text, [(start, len(text))]) == f"Nils är hemma, {HIDDEN}"


def test_extra_spans_out_of_range_are_clamped_or_ignored() -> None:
    assert redact("abc", [(-5, 1)]) == f"{HIDDEN}bc"
    assert redact("abc", [(2, 99)]) == f"ab{HIDDEN}"
    assert redact("abc", [(2, 2), (5, 9)]) == "abc"


def test_overlaps_merge_under_the_strongest_label() -> None:
    text = "pnr 150612-1234 slut"
    spans = sensitive_spans(text, [(0, 8)])
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 15, PNR)]
    assert redact(text, [(0, 8)]) == f"{PNR} slut"


_digits = st.text(alphabet="0123456789", min_size=4, max_size=4)
_filler = st.text(alphabet="abc åäö,.!?\n", max_size=20)


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    century = draw(st.sampled_from(["", "19", "20"]))
    year = draw(st.integers(0, 99))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28)) + draw(st.sampled_from([0, 60]))
    sep = draw(st.sampled_from(["", "-", "+", " ", "\u2013", "_", " - ", " \u2013 "]))
    return f"{century}{year:02d}{month:02d}{day:02d}{sep}{draw(_digits)}"


@given(before=_filler, number=personnummer(), after=_filler)
def test_no_personnummer_survives(before: str, number: str, after: str) -> None:
    masked = redact(before + number + after)
    assert number not in masked
    assert PNR in masked


@st.composite
def mobile(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["07", "+46 7", "+467", "0046 7", "(07", "+46 (0)7", "+46-7"]))
    rest = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    sep = draw(st.sampled_from(["", " ", "-", "\u2013", ".", "/"]))
    inner = draw(st.sampled_from([" ", ".", "-", ""]))
    if prefix.startswith("(0"):
        return f"{prefix}{rest[0]}) {rest[1:4]}{inner}{rest[4:6]}{inner}{rest[6:]}"
    return f"{prefix}{rest[0]}{sep}{rest[1:4]}{inner}{rest[4:6]}{inner}{rest[6:]}"


@given(before=_filler, number=mobile(), after=_filler)
def test_no_mobile_number_survives(before: str, number: str, after: str) -> None:
    masked = redact(before + number + after)
    assert number not in masked
    assert not any(c.isdigit() for c in masked)


@given(st.text(max_size=80))
@example("0701234567x@y.se")
@example("ring 0701234567 eller 0701234567")
def test_masking_twice_changes_nothing(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
