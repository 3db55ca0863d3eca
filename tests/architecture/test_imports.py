"""The architecture's rules, checked from the imports so they cannot drift.

The path of a message runs channels → conversation → nlu/handlers → hub; the
composition root `bot/app/` sits on top and nothing imports it; the sandbox
stands beside the client and shares nothing with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.imports import Edge, cycles, edges, graph_of

ROOT = Path(__file__).resolve().parents[2] / "bot"

# part -> parts it must never import
NEVER: dict[str, frozenset[str]] = {
    "nlu": frozenset(
        {"hub", "sandbox", "storage", "channels", "web", "push", "handlers", "conversation", "app"}
    ),
    "channels": frozenset({"hub", "sandbox", "handlers"}),
    "storage": frozenset({"handlers", "channels", "conversation", "push", "web", "hub", "app"}),
    "hub": frozenset({"sandbox", "handlers", "channels", "conversation", "push", "web", "app"}),
    "conversation": frozenset({"handlers", "channels", "push", "web", "app", "sandbox"}),
    "handlers": frozenset({"channels", "web", "app", "sandbox"}),
}
# The stand-in Hub may use these of the bot and nothing else.
SANDBOX_MAY = frozenset({"clock", "settings"})
# Only the composition root and the test kit may import the composition root.
MAY_IMPORT_APP = frozenset({"testing"})


@pytest.fixture(scope="module")
def found() -> list[Edge]:
    return edges(ROOT)


def test_no_cycle_between_the_bots_parts(found: list[Edge]) -> None:
    # The test kit builds whole bots for tests; it is not part of the bot.
    assert cycles(graph_of(found, leave_out=frozenset({"testing"}))) == []


@pytest.mark.parametrize("source", sorted(NEVER))
def test_never_rules(found: list[Edge], source: str) -> None:
    broken = [e for e in found if e.source == source and e.target in NEVER[source]]
    assert broken == [], "\n".join(f"{e.where}: {e.source} imports {e.target}" for e in broken)


def test_the_sandbox_imports_only_clock_and_settings(found: list[Edge]) -> None:
    broken = [e for e in found if e.source == "sandbox" and e.target not in SANDBOX_MAY]
    assert broken == [], "\n".join(f"{e.where}: sandbox imports {e.target}" for e in broken)


def test_nothing_imports_the_composition_root(found: list[Edge]) -> None:
    broken = [e for e in found if e.target == "app" and e.source not in MAY_IMPORT_APP | {"app"}]
    assert broken == [], "\n".join(f"{e.where}: {e.source} imports app" for e in broken)


def test_the_checker_sees_a_cycle_and_a_type_checking_import(tmp_path: Path) -> None:
    """The checks above would pass on an empty graph: show they see what they look for."""
    bot = tmp_path / "bot"
    for part in ("alpha", "beta"):
        (bot / part).mkdir(parents=True)
        (bot / part / "__init__.py").write_text("")
    (bot / "__init__.py").write_text("")
    (bot / "alpha" / "a.py").write_text("from bot.beta.b import thing\n")
    (bot / "beta" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..alpha import a\n"
    )
    seen = edges(bot)
    assert {(e.source, e.target) for e in seen} == {("alpha", "beta"), ("beta", "alpha")}
    assert cycles(graph_of(seen)) == [["alpha", "beta"]]
