"""The import graph between the bot's parts, read from the code with `ast`.

A part is a first-level package or module of `bot/` (`bot.nlu`, `bot.clock`).
Imports under `if TYPE_CHECKING:` count: they are the design's dependencies too.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    where: str  # file:line, for the message


def _module_name(root: Path, path: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(rel[:-1] if rel[-1] == "__init__" else rel)


def _imports(root: Path, path: Path) -> Iterator[tuple[str, int]]:
    here = _module_name(root, path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module, node.lineno
            for alias in node.names:
                yield f"{module}.{alias.name}", node.lineno


def part_of(module: str) -> str | None:
    bits = module.split(".")
    return bits[1] if bits[0] == "bot" and len(bits) > 1 else None


def edges(root: Path) -> list[Edge]:
    """Every import from one part of the bot to another."""
    parts = {p.stem for p in root.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    found: list[Edge] = []
    for path in sorted(root.rglob("*.py")):
        source = part_of(_module_name(root, path))
        if source is None:
            continue
        for module, line in _imports(root, path):
            target = part_of(module)
            if target is not None and target != source and target in parts:
                found.append(Edge(source, target, f"{path.relative_to(root.parent)}:{line}"))
    return found


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def graph_of(found: list[Edge], *, leave_out: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in found:
        if edge.source not in leave_out and edge.target not in leave_out:
            graph[edge.source].add(edge.target)
    return graph
