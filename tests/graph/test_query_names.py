"""Every query name the code asks for has a file in cypher/, so no screen or loader fails on a typo."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph import queries
from graph.errors import QueryNotFound

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "loaders", "graph", "cli", "governance")
QUERY_METHODS = {"read", "write", "write_batches", "prepare_batches"}
QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*(/[a-z0-9_]+)*$")


@dataclass(frozen=True)
class Use:
    path: Path
    line: int
    name: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.name!r}"


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "name"), None)


def _is_query_call(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in QUERY_METHODS:
        return True
    # queries.get("…") and graph.queries.get("…")
    owner = func.value
    owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
    return func.attr == "get" and owner_name == "queries"


def _constant_strings(tree: ast.Module) -> list[list[tuple[int, str]]]:
    """Module-level tuples, lists, sets and dict values made only of strings."""
    groups = []
    for statement in tree.body:
        value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
            items = value.elts
        elif isinstance(value, ast.Dict):
            items = value.values
        else:
            continue
        strings = [(item.lineno, _literal(item)) for item in items]
        if strings and all(s is not None for _, s in strings):
            groups.append(strings)
    return groups


def query_name_uses(paths: list[Path]) -> tuple[list[Use], list[Use]]:
    """(literal names passed to read/write/write_batches/queries.get, names held in constants).

    A module that passes a variable as the name (a loader flushing its batches in order) usually
    keeps its query names in a module-level constant; a constant made only of query-like names, at
    least one of them a known query, is taken as such a list and every name in it must exist.
    """
    known = set(queries.all_queries())
    direct: list[Use] = []
    held: list[Use] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        passes_variable = False
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_query_call(node):
                argument = _name_argument(node)
                if argument is None:
                    continue
                literal = _literal(argument)
                if literal is not None:
                    direct.append(Use(path, node.lineno, literal))
                else:
                    passes_variable = True
        if passes_variable:
            for group in _constant_strings(tree):
                names = [s for _, s in group]
                if all(QUERY_NAME.match(s) for s in names) and known.intersection(names):
                    held.extend(Use(path, line, s) for line, s in group)
    return direct, held


def source_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_every_query_name_used_in_code_has_a_cypher_file() -> None:
    direct, held = query_name_uses(source_files())
    assert direct, "found no named-query calls at all: the scan itself is broken"
    known = set(queries.all_queries())
    missing = [str(use) for use in direct + held if use.name not in known]
    assert not missing, "query names with no file in cypher/:\n" + "\n".join(missing)


def test_the_scan_finds_names_in_calls_and_in_constants(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        "from graph import queries\n"
        "ORDER = ('count_nodes_by_label', 'merge_peeple')\n"
        "COLUMNS = ('given_name', 'family_name')\n"
        "def run(store, rows, name):\n"
        "    store.read('count_nodes_by_label')\n"
        "    store.write(name='get_nothing')\n"
        "    store.write_batches(name, rows)\n"
        "    queries.get('analyst/no_such')\n"
        "    open('x').read()\n",
        encoding="utf-8",
    )
    direct, held = query_name_uses([module])
    assert [u.name for u in direct] == ["count_nodes_by_label", "get_nothing", "analyst/no_such"]
    assert [u.name for u in held] == ["count_nodes_by_label", "merge_peeple"]


def test_an_unknown_name_raises_query_not_found_naming_the_known_queries() -> None:
    with pytest.raises(QueryNotFound) as raised:
        queries.get("get_no_such_thing")
    message = str(raised.value)
    assert "get_no_such_thing" in message
    assert "count_nodes_by_label" in message
    for name in queries.all_queries():
        assert name in message


def test_a_known_name_gives_its_text_and_header() -> None:
    query = queries.get("count_nodes_by_label")
    assert query.text.startswith("MATCH")
    assert not query.text.startswith("//")
    assert query.header["purpose"]
