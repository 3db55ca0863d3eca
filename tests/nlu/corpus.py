"""Score a corpus in the parse contract's format through parse(), as the contract's scorer does.

In-process, so a failing test names the messages it got wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.nlu import parse


@dataclass
class Score:
    n: int = 0
    exact: int = 0
    intent_ok: int = 0
    secure: list[bool] = field(default_factory=list)  # per case that wants secure_content
    health: list[bool] = field(default_factory=list)  # per case that wants health_info true
    health_right: list[bool] = field(default_factory=list)  # per case that names health_info
    misses: list[tuple[str, dict[str, tuple[Any, Any]]]] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n

    @property
    def intent_rate(self) -> float:
        return self.intent_ok / self.n

    @property
    def secure_recall(self) -> float:
        return sum(self.secure) / len(self.secure)

    @property
    def health_recall(self) -> float:
        return sum(self.health) / len(self.health)


def _norm(key: str, value: object) -> object:
    if key == "children" and isinstance(value, list):
        return sorted(v.casefold() for v in value)
    if key == "dates" and isinstance(value, list):
        return sorted(set(value))
    return value


def score(path: Path) -> Score:
    result = Score()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        now = datetime.fromisoformat(case["now"].replace("Z", "+00:00"))
        got = parse(case["text"], now, case["children"]).to_contract()
        want = case["expect"]
        wrong = {
            k: (v, got.get(k)) for k, v in want.items() if _norm(k, got.get(k)) != _norm(k, v)
        }
        result.n += 1
        result.exact += not wrong
        result.intent_ok += got["intent"] == want["intent"]
        if want["intent"] == "secure_content":
            result.secure.append(got["intent"] == "secure_content")
        if want.get("health_info") is True:
            result.health.append(got["health_info"] is True)
        if "health_info" in want:
            result.health_right.append(got["health_info"] is want["health_info"])
        if wrong:
            result.misses.append((case["text"], wrong))
    return result
