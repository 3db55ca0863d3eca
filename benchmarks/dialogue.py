"""The dialogue corpus as a figure: how many conversations end right, and how fast a turn is.

    .venv/bin/python benchmarks/dialogue.py [--only PREFIX] [--failures]

Every dialogue in `tests/dialogues/` runs through the real engine against the
sandbox Hub, exactly as the tests run it (known-failing ones included: the share
counts them as what they are). A dialogue is right when it ends in the expected Hub
state and every answer had the expected properties. Time per turn is the engine's
whole answer to one message or button, Hub round trips included.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.dialogues.known_failing import KNOWN_FAILING  # noqa: E402
from tests.dialogues.runner import load, run_in_temp  # noqa: E402

TARGET = 0.97


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def main(only: str, show_failures: bool) -> int:
    dialogues = [d for d in load() if d.id.startswith(only)]
    right = 0
    turns: list[float] = []
    failed: list[str] = []
    started = time.perf_counter()
    for dialogue in dialogues:
        verdict = await run_in_temp(dialogue)
        turns += verdict.turn_seconds
        if verdict.ok:
            right += 1
        else:
            failed.append(dialogue.id)
            if show_failures:
                print(f"--- {dialogue.id}\n{verdict.report()}\n")
    elapsed = time.perf_counter() - started
    share = right / len(dialogues) if dialogues else 0.0
    print(f"dialogues: {len(dialogues)}, turns: {len(turns)}, wall time {elapsed:.1f} s")
    print(
        f"right (Hub state and replies): {right}/{len(dialogues)} = {share:.3f} (target >= {TARGET})"
    )
    if turns:
        median = statistics.median(turns) * 1000
        p99 = percentile(turns, 0.99) * 1000
        print(f"time per turn: median {median:.1f} ms, p99 {p99:.1f} ms")
    listed = sorted(set(failed) & set(KNOWN_FAILING))
    print(f"wrong: {len(failed)} (listed as known-failing: {len(listed)})")
    for dialogue_id in failed:
        why = KNOWN_FAILING.get(dialogue_id, "NOT LISTED")
        print(f"  {dialogue_id}: {why}")
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="run the dialogues whose id starts with this")
    ap.add_argument("--failures", action="store_true", help="print each wrong dialogue's report")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    raise SystemExit(asyncio.run(main(args.only, args.failures)))
