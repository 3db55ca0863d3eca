"""Child names: case, genitive, one typo forgiven only where nothing else fits."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import parse
from bot.nlu.children import ChildIndex

NOW = datetime.fromisoformat("2026-11-26T07:30:00+01:00")


def kids(text: str, family: list[str]) -> list[str]:
    return parse(text, NOW, family).children


@pytest.mark.parametrize(
    ("text", "family", "want"),
    [
        ("Elsa är sjuk", ["Elsa", "Nils"], ["Elsa"]),
        ("ELSA är sjuk", ["Elsa", "Nils"], ["Elsa"]),
        ("elsa är sjuk", ["Elsa", "Nils"], ["Elsa"]),
        ("Elsas schema", ["Elsa", "Nils"], ["Elsa"]),
        ("Elsa's schedule", ["Elsa", "Nils"], ["Elsa"]),
        ("Nils schema", ["Elsa", "Nils"], ["Nils"]),
        ("Vilgots tider", ["Vilgot"], ["Vilgot"]),
        # one typo, words of four letters or more
        ("Esla är sjuk", ["Elsa", "Nils"], ["Elsa"]),
        ("Nisl är sjuk", ["Elsa", "Nils"], ["Nils"]),
        ("Nlis är sjuk", ["Elsa", "Nils"], ["Nils"]),
        ("Elsaa är sjuk", ["Elsa", "Nils"], ["Elsa"]),
        ("Vilhot är sjuk", ["Vilgot"], ["Vilgot"]),
        ("Vilgto är sjuk", ["Vilgot"], ["Vilgot"]),
        ("Noha är sjuk", ["Saga", "Noah", "Ali"], ["Noah"]),
        ("Eslas schema", ["Elsa", "Nils"], ["Elsa"]),
        # ... but only when no other child is as close
        ("Elsaa är sjuk", ["Ella", "Elsa"], ["Elsa"]),
        ("Elssa är sjuk", ["Ella", "Elsa"], ["Elsa"]),
        ("Ela är sjuk", ["Ella", "Elsa"], []),
        ("Elxa är sjuk", ["Ella", "Elsa"], []),
        # ... never for an ordinary word, nor for short words
        ("elva barn är sjuka", ["Elsa", "Nils"], []),
        ("så ledig fredag", ["Åsa", "Love"], []),
        ("vi har lov v 8", ["Åsa", "Love"], []),
        ("alla är sjuka", ["Alma", "Nils"], ["Alma", "Nils"]),
        ("vi ska vara hemma", ["Sara", "Nils"], []),
        ("Ali sjuk", ["Saga", "Noah", "Ali"], ["Ali"]),
        ("Alis schema", ["Saga", "Noah", "Ali"], ["Ali"]),
        # every child meant
        ("barnen är sjuka", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("båda är sjuka", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("bägge är sjuka", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("alla tre är sjuka", ["Saga", "Noah", "Ali"], ["Ali", "Noah", "Saga"]),
        ("alla barnen är sjuka", ["Saga", "Noah", "Ali"], ["Ali", "Noah", "Saga"]),
        ("Elsa och Nils är sjuka", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("både Elsa och Nils är sjuka", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("both kids are sick", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("the kids are sick", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        ("visa barnens schema", ["Elsa", "Nils"], ["Elsa", "Nils"]),
        # not children
        ("ledig båda dagarna", ["Elsa", "Nils"], []),
        ("Elsa kommer i alla fall", ["Elsa", "Nils"], ["Elsa"]),
        ("Hej alla! Nils är sjuk", ["Elsa", "Nils"], ["Nils"]),
        ("Nils är sjuk. Mvh Elsa", ["Elsa", "Nils"], ["Nils"]),
        # some excluded
        ("barnen är sjuka utom Nils", ["Elsa", "Nils"], ["Elsa"]),
        ("Elsa är sjuk men inte Nils", ["Elsa", "Nils"], ["Elsa"]),
        ("Elsa är sjuk. Nils kommer som vanligt", ["Elsa", "Nils"], ["Elsa"]),
        # names written in several words
        ("Ann-Sofie är sjuk", ["Ann-Sofie", "Karl Johan"], ["Ann-Sofie"]),
        ("Karl Johan är sjuk", ["Ann-Sofie", "Karl Johan"], ["Karl Johan"]),
        ("Karl är sjuk", ["Ann-Sofie", "Karl Johan"], []),
    ],
)
def test_children(text: str, family: list[str], want: list[str]) -> None:
    assert kids(text, family) == want


def test_children_are_sorted_and_unique() -> None:
    assert kids("Nils och Elsa, Nils igen", ["Elsa", "Nils"]) == ["Elsa", "Nils"]


def test_empty_and_odd_families() -> None:
    assert kids("Elsa är sjuk", []) == []
    assert ChildIndex(["", "  ", "Elsa"]).children == ["Elsa"]
