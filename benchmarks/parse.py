"""Time the parser per message, side by side with dateparser's search_dates on the same messages.

    .venv/bin/python benchmarks/parse.py [--n 3000] [--seed 7]

Prints median and p99 per message for both, the ratio, and the cold start of
`python -m bot parse --jsonl` (the process the contract's scorer runs).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.clock import STOCKHOLM  # noqa: E402
from bot.nlu import parse  # noqa: E402

FAMILIES = [
    ["Elsa", "Nils"],
    ["Saga", "Noah", "Ali"],
    ["Maja", "Liam"],
    ["Vilgot"],
    ["Ella", "Elsa"],
]
DAYS = [
    "idag",
    "imorgon",
    "imorrn",
    "i övermorgon",
    "på fredag",
    "måndag",
    "nästa tisdag",
    "onsdag nästa vecka",
    "nästa vecka",
    "v 50",
    "vecka 3",
    "resten av veckan",
    "3/12",
    "14/12-18/12",
    "23 dec",
    "den 3:e",
    "mån-ons",
    "om 3 dagar",
    "28/12 till 8/1",
    "",
]
TIMES = ["8", "kl 10", "9.15", "10:30", "halv tio", "13", "14.30"]
RANGES = ["8-16", "7.30-15", "7:45-16:15", "mellan 9 och 11", "08.00–14.00"]
TEMPLATES = [
    "{child} är sjuk {day}",
    "Hej! {child} kommer inte {day}, hon har feber. Mvh Anna",
    "frånvaro {child} {day} fm",
    "{child} kommer {time} {day}",
    "{child} går hem {time} {day}",
    "{child} hämtas {time} {day}, ska till tandläkaren",
    "{child} {range} {day}",
    "lämnar 8 hämtar 15.30 {day}",
    "{child} ledig {day}",
    "barnen lediga {day}",
    "ta bort frånvaron för {child} {day}",
    "{child} kommer ändå {day}",
    "visa schemat {day}",
    "vad har {child} för tider {day}",
    "vad händer {day}?",
    "har {child} prov {day}?",
    "vilka betyg har {child}",
    "hur går det för {child} i matte",
    "visa {child}s bedömning",
    "boka utvecklingssamtal för {child}",
    "har jag fått några meddelanden?",
    "nyheter från förskolan",
    "sammanfattning tack",
    "logga ut",
    "radera mina uppgifter",
    "hjälp",
    "jag vill prata med en människa",
    "tack!",
    "{child} is sick {day}",
    "{child} has a fever, staying home",
    "what's happening next week?",
    "{child} e hemma ida o imon",
    "vad blir det för väder {day}",
    "{child} har vattkoppor 😩 hon är hemma {day}",
]


PREFIXES = ["", "", "Hej! ", "hej, ", "God morgon! ", "Hejsan ", "Hallå, "]
SUFFIXES = ["", "", " /Anna", " Mvh Peter", " tack", " 🙂", " /mamma", " Mvh Johan", " //Lisa"]


def _slip(text: str, rnd: random.Random) -> str:
    """One phone typo in one word: two neighbouring letters swapped."""
    words = text.split()
    k = rnd.randrange(len(words))
    word = words[k]
    if len(word) > 3:
        i = rnd.randrange(len(word) - 1)
        words[k] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


def _dev_texts() -> list[tuple[str, list[str]]]:
    """The public corpus's messages, when the shared folder sits beside the project."""
    path = ROOT.parent / "shared" / "nlu" / "dev.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            out.append((case["text"], list(case["children"])))
    return out


def messages(n: int, seed: int) -> list[tuple[str, list[str]]]:
    """Varied messages: half written like the public corpus, half from templates; each with
    a random greeting, sign-off and phone typo, so nearly every message is distinct."""
    rnd = random.Random(seed)
    dev = _dev_texts()
    out = []
    for _ in range(n):
        if dev and rnd.random() < 0.5:
            text, family = rnd.choice(dev)
        else:
            family = rnd.choice(FAMILIES)
            text = rnd.choice(TEMPLATES).format(
                child=rnd.choice(family),
                day=rnd.choice(DAYS),
                time=rnd.choice(TIMES),
                range=rnd.choice(RANGES),
            )
        text = rnd.choice(PREFIXES) + text + rnd.choice(SUFFIXES)
        if rnd.random() < 0.3:
            text = _slip(text, rnd)
        out.append((" ".join(text.split()), family))
    return out


def per_message(fn, items) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p99(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.99))]


def cold_start(runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "parse", "--jsonl"],
            input="",
            text=True,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    now = datetime(2026, 11, 26, 7, 30, tzinfo=STOCKHOLM)
    items = messages(args.n, args.seed)

    for text, family in items[:200]:  # warm up caches, like a running bot
        parse(text, now, family)
    ours = per_message(lambda it: parse(it[0], now, it[1]), items)

    t0 = time.perf_counter()
    warnings.simplefilter("ignore")
    from dateparser.search import search_dates

    import_s = time.perf_counter() - t0
    settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"}
    for text, _ in items[:20]:
        search_dates(text, languages=["sv"], settings=settings)
    theirs = per_message(
        lambda it: search_dates(it[0], languages=["sv"], settings=settings), items
    )

    cold = cold_start()
    rows = [
        ("bot.nlu.parse", statistics.median(ours), p99(ours), statistics.fmean(ours)),
        (
            "dateparser.search_dates(sv)",
            statistics.median(theirs),
            p99(theirs),
            statistics.fmean(theirs),
        ),
    ]
    print(f"{len(items)} messages, {len({t for t, _ in items})} distinct")
    print(f"{'per message':30} {'median ms':>10} {'p99 ms':>10} {'mean ms':>10}")
    for name, med, tail, mean in rows:
        print(f"{name:30} {med:10.4f} {tail:10.4f} {mean:10.4f}")
    ratios = [rows[1][k] / rows[0][k] for k in (1, 2, 3)]
    print(
        f"{'ratio (search_dates / ours)':30} {ratios[0]:10.1f} {ratios[1]:10.1f} {ratios[2]:10.1f}"
    )
    print(f"dateparser import: {import_s * 1000:.0f} ms (kept out of the parse hot path)")
    print(f"cold start `python -m bot parse --jsonl < /dev/null`: {cold * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
