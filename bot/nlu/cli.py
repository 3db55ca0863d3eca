"""`python -m bot parse`: the parse contract on the command line.

`--jsonl` reads one JSON object a line and writes one command a line, in order,
and never stops on bad input. With a text argument it prints the command for a
person to read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from bot.clock import STOCKHOLM
from bot.nlu.explain import explain
from bot.nlu.model import ParseResult
from bot.nlu.parser import parse

_UNKNOWN: dict[str, Any] = {
    "intent": "unknown",
    "children": [],
    "dates": [],
    "span": None,
    "health_info": False,
}


def _now(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)
    return datetime.now(STOCKHOLM)


def _children(value: Any) -> list[str]:
    if isinstance(value, list):
        return [c for c in value if isinstance(c, str)]
    if isinstance(value, str):
        return [c.strip() for c in value.split(",") if c.strip()]
    return []


def answer_line(line: str) -> dict[str, Any]:
    """One contract answer for one input line; `unknown` for anything unreadable."""
    try:
        case = json.loads(line)
    except (ValueError, RecursionError):
        return dict(_UNKNOWN)
    if not isinstance(case, dict) or not isinstance(case.get("text"), str):
        return dict(_UNKNOWN)
    try:
        result = parse(case["text"], _now(case.get("now")), _children(case.get("children")))
    except Exception:  # the contract: one line per input, whatever happens
        return dict(_UNKNOWN)
    return result.to_contract()


def run_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(answer_line(line), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def describe(result: ParseResult, text: str) -> str:
    contract = result.to_contract()
    lines = [
        f"intent:      {contract['intent']}  (score {result.score:.2f})",
        f"children:    {', '.join(contract['children']) or '-'}",
        f"dates:       {', '.join(contract['dates']) or '-'}",
        f"span:        {json.dumps(contract['span'], ensure_ascii=False)}",
        f"health_info: {str(contract['health_info']).lower()}",
    ]
    if result.alternatives:
        alts = ", ".join(f"{name} {score:.2f}" for name, score in result.alternatives)
        lines.append(f"considered:  {alts}")
    for slot, found in result.spans.items():
        quoted = ", ".join(repr(t) for _, _, t in found)
        lines.append(f"  {slot:10} <- {quoted}")
    said = explain(result, text)
    if said:
        lines.append(said)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot parse", description=__doc__)
    ap.add_argument("text", nargs="?", help="a message to parse")
    ap.add_argument("--jsonl", action="store_true", help="read contract lines on stdin")
    ap.add_argument("--children", default="", help="comma-separated first names")
    ap.add_argument("--now", default=None, help="ISO time the message arrived")
    ap.add_argument("--json", action="store_true", help="print the contract JSON")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if args.jsonl:
        for stream in (sys.stdin, sys.stdout):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8", errors="replace")
        return run_jsonl(sys.stdin, sys.stdout)
    if args.text is None:
        ap.print_usage(sys.stderr)
        return 2
    result = parse(args.text, _now(args.now), _children(args.children))
    if args.json:
        print(json.dumps(result.to_contract(), ensure_ascii=False))
    else:
        print(describe(result, args.text))
    return 0
