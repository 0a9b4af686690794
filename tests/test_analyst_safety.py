"""Analyst Cypher cannot change the graph, stops at its time limit and returns at most its row limit.

Read-only is enforced by the engine (FalkorDB GRAPH.RO_QUERY); LOAD CSV and schema commands are
also refused by a clause check first. Each refusal leaves the graph's content and indexes as they were.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator

import pytest
from test_analyst_queries import build_sample_graph

from app.analyst_logic import line_and_column
from graph import GraphStore, QueryError, QueryTimeout, WriteRefused, open_store
from graph.engines.guard import blank_opaque


@pytest.fixture
def store(new_graph) -> Iterator[GraphStore]:  # noqa: ANN001
    store = open_store(new_graph())
    build_sample_graph(store)
    store.schema_install()
    yield store
    store.close()


def fingerprint(store: GraphStore) -> str:
    """A hash of every node, relationship, index and constraint, to prove nothing changed."""
    nodes = store.engine.run("MATCH (n) RETURN labels(n) AS l, properties(n) AS p", {}, write=False)
    rels = store.engine.run(
        "MATCH (a)-[r]->(b) RETURN id(a) AS a, type(r) AS t, properties(r) AS p, id(b) AS b", {}, write=False
    )
    # Each engine lists its schema its own way (FalkorDB procedures; Neo4j 5 SHOW commands).
    if store.engine.name == "neo4j":
        indexes = store.engine.run(
            "SHOW INDEXES YIELD name, type, labelsOrTypes, properties", {}, write=False
        )
        constraints = store.engine.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes", {}, write=False)
    else:
        indexes = store.engine.run("CALL db.indexes()", {}, write=False)
        constraints = store.engine.run("CALL db.constraints()", {}, write=False)
    content = [sorted(json.dumps(x, sort_keys=True, default=str) for x in part)
               for part in (nodes, rels, indexes, constraints)]  # fmt: skip
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


WRITES = [
    ("create", "CREATE (:Person {uid: 'zed'})"),
    ("merge", "MERGE (p:Person {uid: 'amy'}) ON MATCH SET p.given_name = 'X'"),
    ("merge new", "MERGE (:Household {uid: 'h9'})"),
    ("set", "MATCH (p:Person {uid: 'amy'}) SET p.given_name = 'Changed'"),
    ("set map", "MATCH (p:Person) SET p += {flag: true}"),
    ("delete", "MATCH (p:Person {uid: 'amy2'}) DELETE p"),
    ("delete relationship", "MATCH ()-[m:POSSIBLE_MATCH]->() DELETE m"),
    ("remove", "MATCH (p:Person) REMOVE p.dob"),
    ("remove label", "MATCH (p:Person) REMOVE p:Person"),
    ("detach delete", "MATCH (n) DETACH DELETE n"),
    ("write after a read", "MATCH (p:Person) WITH p LIMIT 1 CREATE (p)-[:PARENT_OF]->(:Person {uid: 'q'})"),
    ("write inside a subquery", "MATCH (p:Person) CALL { WITH p SET p.x = 1 } RETURN p"),
    ("load csv from a file", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row"),
    ("load csv from the web", "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row RETURN row"),
    ("load csv, lower case", "load   csv from 'file:///etc/hosts' as row return row"),
    ("create index", "CREATE INDEX FOR (p:Person) ON (p.gender)"),
    ("create index, old syntax", "CREATE INDEX ON :Person(gender)"),
    ("drop index", "DROP INDEX FOR (p:Person) ON (p.uid)"),
    ("create constraint", "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.nhs_number IS UNIQUE"),
    ("create constraint, old syntax", "CREATE CONSTRAINT ON (p:Person) ASSERT p.nhs_number IS UNIQUE"),
    ("drop constraint", "DROP CONSTRAINT ON (p:Person) ASSERT p.uid IS UNIQUE"),
    ("create fulltext index", "CREATE FULLTEXT INDEX FOR (p:Person) ON EACH [p.given_name]"),
    ("write hidden behind a comment", "MATCH (p:Person) /* RETURN p */ SET p.x = 'RETURN'"),
]


# Each engine's own procedures that write (the other engine has no such procedure, so it fails anyway).
WRITING_PROCEDURES = {
    "embedded": ["CALL db.idx.fulltext.createNodeIndex('Person', 'given_name')",
                 "CALL db.idx.fulltext.drop('Person')"],
    "neo4j": ["CALL db.createLabel('Secret')", "CALL db.createProperty('secret')",
              "CALL db.createRelationshipType('SECRET')", "CALL db.clearQueryCaches()"],
}  # fmt: skip
# Neo4j's EXPLAIN calls these read queries, and a read-access transaction runs them: refused on every engine.
ADMIN_COMMANDS = [
    "SHOW TRANSACTIONS YIELD currentQuery, parameters RETURN currentQuery, parameters",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "show settings",
    "USE system SHOW USERS",
    "MATCH (p:Person) WITH p LIMIT 1\nSHOW TRANSACTIONS",
]


@pytest.mark.parametrize(("description", "cypher"), WRITES, ids=[w[0] for w in WRITES])
def test_each_write_is_refused_and_the_graph_is_unchanged(store: GraphStore, description: str, cypher: str):
    before = fingerprint(store)
    with pytest.raises(WriteRefused) as refused:
        store.read_only_text(cypher, {})
    message = str(refused.value)
    assert "only read queries may run here" in message or "LOAD CSV" in message, message
    assert fingerprint(store) == before, f"{description} changed the graph"
    still = store.read_only_text("MATCH (p:Person {uid: 'amy'}) RETURN p.given_name AS n")
    assert still.rows == [{"n": "Amy"}]


def test_each_engines_writing_procedures_are_refused(store: GraphStore, graph_engine: str) -> None:
    before = fingerprint(store)
    for cypher in WRITING_PROCEDURES[graph_engine]:
        with pytest.raises(WriteRefused, match="only read queries may run here"):
            store.read_only_text(cypher, {})
    assert fingerprint(store) == before


@pytest.mark.parametrize("cypher", ADMIN_COMMANDS)
def test_administration_commands_are_refused(store: GraphStore, cypher: str) -> None:
    with pytest.raises(WriteRefused, match="is not allowed here: administration commands") as refused:
        store.read_only_text(cypher, {})
    keyword = cypher[refused.value.position - 1 :].split()[0].upper()
    assert keyword in ("SHOW", "TERMINATE", "USE")


def test_words_like_show_and_use_as_names_are_not_refused(store: GraphStore) -> None:
    cypher = "MATCH (p:Person {uid: 'amy'}) RETURN p.show AS x, {use: 1}.use AS use_count, $show AS s"
    assert store.read_only_text(cypher, {"show": 2}).rows == [{"x": None, "use_count": 1, "s": 2}]


def test_a_refused_clause_is_pointed_at() -> None:
    from graph.engines.guard import refuse_unsafe_clauses

    cypher = "MATCH (p:Person)\nWITH p\nLOAD CSV FROM 'file:///x' AS row RETURN row"
    with pytest.raises(WriteRefused) as refused:
        refuse_unsafe_clauses(cypher)
    assert line_and_column(cypher, refused.value.position) == (3, 1)


def test_the_words_of_a_write_inside_strings_and_comments_are_not_refused(store: GraphStore) -> None:
    cypher = (
        "// LOAD CSV and CREATE INDEX are only mentioned here\n"
        "MATCH (p:Person) WHERE p.given_name <> 'LOAD CSV FROM x' AND p.uid <> \"CREATE INDEX\"\n"
        "/* DROP CONSTRAINT */ RETURN count(p) AS `LOAD CSV`"
    )
    assert store.read_only_text(cypher).rows == [{"LOAD CSV": 7}]


def test_blanking_keeps_offsets_and_removes_only_opaque_text() -> None:
    text = "RETURN 'a // b' AS x // note\n/* c */ RETURN \"LOAD CSV\""
    blanked = blank_opaque(text)
    assert len(blanked) == len(text) and blanked.count("\n") == 1
    assert "LOAD" not in blanked and "note" not in blanked and blanked.startswith("RETURN ")


# Two ways a query runs long: one the engine stops itself between records (a huge cross product),
# and one it cannot interrupt (building one 100-million element list), which the client-side
# deadline stops waiting for shortly after the limit.
LONG_QUERIES = [
    "UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y RETURN count(*)",
    "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)",
]


@pytest.mark.parametrize("cypher", LONG_QUERIES, ids=["many records", "one huge list"])
def test_a_long_running_query_is_stopped_at_its_time_limit(store: GraphStore, cypher: str) -> None:
    limit = 0.5
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match=r"ran past its time limit of 0\.5 s and was stopped"):
        store.read_only_text(cypher, {}, timeout_s=limit)
    elapsed = time.perf_counter() - started
    assert elapsed < 5 * limit + 2, f"stopped only after {elapsed:.1f} s"


def test_after_a_query_is_stopped_the_next_one_gets_its_own_answer(store: GraphStore) -> None:
    # Analyst connections are reused per time limit: the stopped query's late reply must not be
    # read as the next query's answer.
    with pytest.raises(QueryTimeout):
        store.read_only_text(LONG_QUERIES[1], {}, timeout_s=0.5)
    for n in (3, 4):
        answer = store.read_only_text("UNWIND range(1, $n) AS x RETURN sum(x) AS s", {"n": n}, timeout_s=0.5)
        assert answer.rows == [{"s": n * (n + 1) // 2}]


def test_the_row_limit_holds_and_says_when_it_cut_the_result(store: GraphStore) -> None:
    many = store.read_only_text("UNWIND range(1, 25) AS x RETURN x", row_limit=10)
    assert [r["x"] for r in many.rows] == list(range(1, 11)) and many.truncated
    exact = store.read_only_text("UNWIND range(1, 10) AS x RETURN x", row_limit=10)
    assert len(exact.rows) == 10 and not exact.truncated
    huge = store.read_only_text("UNWIND range(1, 300000) AS x RETURN x", row_limit=5)
    assert len(huge.rows) == 5 and huge.truncated and huge.columns == ["x"]


def test_a_syntax_error_comes_with_its_position(store: GraphStore) -> None:
    cypher = "MATCH (p:Person)\nRETURN p.uid +"
    with pytest.raises(QueryError) as error:
        store.read_only_text(cypher, {"days": 90})
    assert "Invalid input" in str(error.value)
    assert line_and_column(cypher, error.value.position) == (2, 15)
