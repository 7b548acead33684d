"""The house rules, as tests: no import cycle, modules of a readable size, a thin command
line, and output kinds named in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import publisher

ROOT = Path(publisher.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Every module each one imports, at the top or inside a function alike."""
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("publisher"):
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    edges[name].add(child if child in modules else node.module)
            elif isinstance(node, ast.Import):
                edges[name] |= {a.name for a in node.names if a.name.startswith("publisher")}
        edges[name] &= set(modules) - {name}
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    edges = _imports(_modules())
    assert "publisher.pipeline.build" in edges["publisher.commands.build"] or any(
        "publisher.pipeline" in e for e in edges["publisher.commands.build"]
    )  # the reader sees imports inside functions
    assert _cycles(edges) == []


def test_a_cycle_is_seen():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_modules_are_of_a_readable_size_and_the_command_line_is_thin():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines())
             for name, path in _modules().items()}  # fmt: skip
    assert {name: n for name, n in sizes.items() if n > 400} == {}
    assert sizes["publisher.cli"] < 250


def test_output_kinds_are_named_only_in_their_registry():
    """Outside kinds/ no module switches on a kind's name: it asks kinds.KINDS."""
    from publisher.kinds import KINDS

    named = re.compile("[\"']({})[\"']".format("|".join(KINDS)))
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in ROOT.rglob("*.py")
        if "kinds" not in path.relative_to(ROOT).parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if named.search(line)
    ]
    assert found == []
