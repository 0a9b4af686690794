"""Every query in cypher/ passes Neo4j's own Cypher linter, made strict with familynet's schema.

The linter (tools/cypher-lint, npm package @neo4j-cypher/language-support) knows Neo4j 5's
functions and procedures and, from graph/models/, familynet's labels, relationship types, property
keys and which label each relationship type joins. So a query that would fail or silently match
nothing on Neo4j — a misspelt label, a FalkorDB-only procedure, an arrow the wrong way — fails here,
even though no Neo4j server exists on these machines.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph import models, queries

ROOT = Path(__file__).resolve().parents[2]
LINT_DIR = ROOT / "tools" / "cypher-lint"


def graph_schema() -> list[dict[str, str]]:
    """(from label, relationship type, to label) for every relationship the models declare."""
    out = []
    for model in models.NODE_MODELS:
        for rel in model.defined_properties(aliases=False, properties=False).values():
            target = rel._raw_class
            to = target.rsplit(".", 1)[-1] if isinstance(target, str) else target.__label__
            out.append({"from": model.__label__, "to": to, "relType": rel.definition["relation_type"]})
    return out


def schema() -> dict[str, Any]:
    return {
        "labels": models.labels(),
        "relationshipTypes": models.relationship_types(),
        "propertyKeys": models.property_keys(),
        "graphSchema": graph_schema(),
    }


def run_lint(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Lint ``{name, text, parameters}`` items in one node process; diagnostics by name."""
    node = shutil.which("node")
    assert node, "node is not installed: install Node.js >= 20 with npm (make test does the rest)"
    assert (LINT_DIR / "node_modules").is_dir(), (
        f"the Cypher lint is not installed: run `npm ci` in {LINT_DIR} (make test does it)"
    )
    done = subprocess.run(
        [node, str(LINT_DIR / "lint.mjs")],
        input=json.dumps({"schema": schema(), "queries": items}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"lint.mjs failed:\n{done.stderr}"
    return json.loads(done.stdout)["results"]


def lint(named: list[queries.NamedQuery]) -> dict[str, list[dict[str, Any]]]:
    """Lint named queries with their parameters declared (lines are counted in NamedQuery.text)."""
    return run_lint([{"name": q.name, "text": q.text, "parameters": q.parameters} for q in named])


def file_line(query: queries.NamedQuery, line: int) -> int:
    """The line in the .cypher file, counting the header lines that NamedQuery.text leaves out."""
    source = (queries.cypher_dir() / f"{query.name}.cypher").read_text(encoding="utf-8")
    start = source.find(query.text)
    return line + (source[:start].count("\n") if start >= 0 else 0)


def test_every_cypher_file_passes_the_neo4j_linter() -> None:
    named = list(queries.all_queries().values())
    assert named, "cypher/ holds no queries"
    results = lint(named)
    problems = [
        f"cypher/{q.name}.cypher:{file_line(q, d['line'])}:{d['column']}: {d['severity']}: {d['message']}"
        for q in named
        for d in results[q.name]
    ]
    assert not problems, "Neo4j's Cypher linter reports:\n" + "\n".join(problems)


FAILING = [
    # description, query text, expected part of a diagnostic
    ("misspelt label", "MATCH (p:Persn) RETURN p.uid", "Label Persn is not present"),
    ("misspelt property", "MATCH (p:Person) RETURN p.famly_name", "Property famly_name is read"),
    ("misspelt key in a pattern", "MATCH (p:Person {uidd: $person_id}) RETURN p", "Property uidd is read"),
    ("misspelt relationship type", "MATCH (p:Person)-[:LIVES]->(h) RETURN h", "LIVES is not present"),
    ("syntax error", "MATCH (p:Person RETURN p", "Invalid input 'RETURN'"),
    (
        "FalkorDB-only procedure",
        "CALL db.idx.fulltext.queryNodes('Person', 'smith') YIELD node RETURN node",
        "Procedure db.idx.fulltext.queryNodes is not present",
    ),
    ("unknown function", "RETURN familynet.age('2015-01-01') AS age", "Function familynet.age"),
    (
        "relationship the wrong way round",
        "MATCH (h:Household)-[:LIVES_AT]->(p:Person) RETURN p.uid",
        "has no incoming",
    ),
    (
        "label misspelt where it is created",
        "UNWIND $rows AS r CREATE (p:Persn {uid: r.uid})",
        "Persn is not in familynet's schema",
    ),
    (
        "property misspelt where it is set",
        "UNWIND $rows AS r MATCH (p:Person {uid: r.uid}) SET p.famly_name = r.family_name",
        "famly_name is written",
    ),
    (
        "undeclared parameter",
        "MATCH (p:Person {uid: $person_id}) RETURN p.uid",
        "Parameter $person_id is not defined.",
    ),
]
CLEAN = [
    (
        "read with declared parameters",
        "MATCH (p:Person {uid: $person_id})-[r:LIVES_AT]->(h:Household)\n"
        "RETURN p.given_name AS given_name, h.postcode AS postcode, r.since AS since",
    ),
    (
        "row fields are not node properties",
        "UNWIND $rows AS r\nMERGE (p:Person {uid: r.person_uid})\n"
        "SET p.family_name = r.surname, p += r.props",
    ),
    (
        "row field named like a variable",
        "UNWIND $rows AS r\nMATCH (a:Person {uid: r.a})\nMATCH (b:Person {uid: r.b})\n"
        "MERGE (a)-[:PARENT_OF]->(b)",
    ),
]


@pytest.fixture(scope="module")
def probes() -> dict[str, list[str]]:
    """Every probe below, linted in one node process (each call costs a second or two)."""
    items = [
        {"name": description, "text": text, "parameters": [] if "undeclared" in description else None}
        for description, text, _ in FAILING
    ] + [{"name": description, "text": text, "parameters": None} for description, text in CLEAN]
    for item in items:
        if item["parameters"] is None:
            item["parameters"] = queries.parse("probe", item["text"]).parameters
    return {name: [d["message"] for d in found] for name, found in run_lint(items).items()}


@pytest.mark.parametrize(("description", "text", "expected"), FAILING, ids=[f[0] for f in FAILING])
def test_the_lint_fails_on(probes: dict[str, list[str]], description: str, text: str, expected: str) -> None:
    messages = probes[description]
    assert any(expected in m for m in messages), f"{description}: expected {expected!r} in {messages}"


@pytest.mark.parametrize(("description", "text"), CLEAN, ids=[c[0] for c in CLEAN])
def test_the_lint_passes(probes: dict[str, list[str]], description: str, text: str) -> None:
    assert probes[description] == []
