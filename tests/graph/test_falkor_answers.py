"""The embedded engine takes an answer of plain values from the server's compact reply itself
(graph/engines/falkor_answers.py ``query_rows``): every value must come back as falkordb-py's own parsing
gives it, and anything else must still go through that parsing."""

from __future__ import annotations

import pytest
from redis import ResponseError

from graph import Settings, open_store
from graph.engines import falkor_answers as answers
from graph.errors import QueryError

PLAIN = (
    "RETURN 'Ann' AS s, '' AS empty, ' padded ' AS padded, 'Zoë \u2603 \"q\" \\\\ x' AS unicode, 7 AS i,"
    " -9007199254740993 AS big, 0 AS zero, 2.5 AS f, -0.1 AS g, 1e300 AS h, true AS t, false AS no,"
    " null AS n, [] AS none, ['a', 1, null, [true, 2.0, ['deep']]] AS nested, $given AS given, $many AS many"
)
PARAMS = {"given": 'O\'Brien \\ "x"', "many": [1, "two", None, [3.5]]}


@pytest.fixture
def graph(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path / 'answers.db'}")) as store:
        yield store.engine._graph


def test_plain_values_come_back_as_falkordb_py_parses_them(graph, monkeypatch):
    expected = answers.rows(graph.ro_query(PLAIN, PARAMS))

    def not_parsed_again(*args):
        raise AssertionError("a plain answer went through falkordb-py's parsing")

    monkeypatch.setattr(answers, "QueryResult", not_parsed_again)
    assert answers.query_rows(graph, PLAIN, PARAMS, write=False) == expected
    (row,) = expected
    assert row["nested"] == ["a", 1, None, [True, 2.0, ["deep"]]] and row["given"] == PARAMS["given"]
    assert type(row["f"]) is float and type(row["t"]) is bool and type(row["big"]) is int


def test_many_rows_keep_their_order_and_columns(graph):
    cypher = "UNWIND range(1, 3000) AS n RETURN n, toString(n) AS s, [n, n * 2] AS pair"
    assert answers.query_rows(graph, cypher, None, write=False) == answers.rows(graph.ro_query(cypher))


def test_nodes_relationships_paths_and_maps_still_go_through_falkordb_py(graph):
    graph.query(
        "CREATE (:Person {uid: 'p1', given_name: 'Ann'})-[:KNOWS {since: 2020}]->(:Person {uid: 'p2'})"
    )
    cypher = (
        "MATCH path = (a:Person {uid: 'p1'})-[k:KNOWS]->(b) "
        "RETURN a, k, path, {name: a.given_name, n: 1} AS map, a.uid AS uid, date('2026-12-02') AS day"
    )
    (row,) = answers.query_rows(graph, cypher, None, write=False)
    assert row == answers.rows(graph.ro_query(cypher))[0]
    assert row["a"]["_type"] == "node" and row["a"]["given_name"] == "Ann"
    assert row["k"]["_type"] == "relationship" and row["map"] == {"name": "Ann", "n": 1}
    assert row["uid"] == "p1"


def test_a_write_returns_its_rows_and_an_error_is_still_raised(graph, tmp_path):
    (row,) = answers.query_rows(
        graph, "CREATE (p:Person {uid: $uid}) RETURN p.uid AS uid", {"uid": "x"}, write=True
    )
    assert row == {"uid": "x"}
    with pytest.raises(ResponseError):  # a run-time error: the answer's last element
        answers.query_rows(
            graph, "UNWIND [1, 0] AS d RETURN 1 / d AS q, toInteger('a') + [] AS bad", None, write=False
        )
    with pytest.raises(ResponseError):  # a read-only command refuses a write
        answers.query_rows(graph, "CREATE (:X)", None, write=False)
    with open_store(Settings(graph_url=f"embedded://{tmp_path / 'answers.db'}")) as store:
        with pytest.raises(QueryError):  # what the engine's callers see
            store.engine.run("RETURN nonsense(", {}, write=False)
