"""The console's extra rules on the Neo4j adapter (no Neo4j server here: the Neo4j adapter tests'
fake driver stands in). LOAD CSV and schema commands never reach the server, errors point into the
analyst's own text (not the EXPLAIN the adapter adds), and a timeout names the limit."""

from __future__ import annotations

import pytest
from test_neo4j_engine import FakeDriver, neo4j_error, store_with

from app.analyst.running import line_and_column
from graph import QueryError, QueryTimeout, WriteRefused


@pytest.mark.parametrize(
    "cypher",
    ["LOAD CSV FROM 'https://example.org/a.csv' AS row RETURN row", "CREATE INDEX FOR (p:Person) ON (p.dob)"],
)
def test_load_csv_and_schema_commands_never_reach_neo4j(cypher: str) -> None:
    driver = FakeDriver(query_type="r")  # even if the planner called it a read
    with pytest.raises(WriteRefused):
        store_with(driver).read_only_text(cypher, {}, 5, 10)
    assert driver.calls == []


def test_a_syntax_error_points_into_the_analysts_own_text() -> None:
    cypher = "MATCH (p:Person)\nRETRUN p"
    error = neo4j_error(
        "Neo.ClientError.Statement.SyntaxError",
        "Invalid input 'RETRUN': expected ... (line 2, column 1 (offset: 25))",  # offset in "EXPLAIN " + text
    )
    with pytest.raises(QueryError) as raised:
        store_with(FakeDriver(error=error)).read_only_text(cypher, {}, 5, 10)
    assert line_and_column(cypher, raised.value.position) == (2, 1)


def test_a_timeout_names_the_limit() -> None:
    error = neo4j_error("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "timed out")
    with pytest.raises(QueryTimeout, match="time limit of 2.5 s"):
        store_with(FakeDriver(error=error)).read_only_text("MATCH (n) RETURN n", {}, 2.5, 10)
