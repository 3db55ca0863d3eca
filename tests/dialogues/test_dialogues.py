"""The dialogue corpus, one test per dialogue, through the real engine and sandbox Hub."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialogues.known_failing import KNOWN_FAILING
from tests.dialogues.runner import Dialogue, load, run

DIALOGUES = load()


def _param(dialogue: Dialogue) -> object:
    reason = KNOWN_FAILING.get(dialogue.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(dialogue, id=dialogue.id, marks=marks)


def test_the_corpus_is_big_enough_and_listed_failures_exist() -> None:
    ids = {d.id for d in DIALOGUES}
    assert len(ids) >= 150
    assert set(KNOWN_FAILING) <= ids


@pytest.mark.parametrize("dialogue", [_param(d) for d in DIALOGUES])
async def test_dialogue(dialogue: Dialogue, tmp_path: Path) -> None:
    verdict = await run(dialogue, tmp_path)
    assert verdict.ok, verdict.report()
