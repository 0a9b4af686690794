"""The analyst console's limits on a real Neo4j server, where they are Neo4j's own: a query past its time
limit is stopped by the server's transaction timeout and is gone from the server afterwards, a query
that needs too much memory is stopped by the server's transaction memory limit (tools/neo4j/neo4j.conf),
and neither is tried again (a retried runaway query would run twice as long, or allocate again).

The rules that hold on both engines (writes refused, row cap, positions of errors) are in
test_analyst_safety.py, which runs on each engine."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from engines import Neo4jServer

from graph import GraphStore, QueryError, QueryTimeout, open_store

# Each range() stays within the guard's cap (graph/engines/guard.py refuses larger ones on every engine):
# 10^10 rows streamed with next to no memory, and 40 million numbers collected into one list.
RUNAWAY = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x WHERE x < 0 RETURN count(x) AS n"
HOG = "UNWIND range(1, 10000000) AS x UNWIND range(1, 4) AS y WITH collect(x) AS xs RETURN size(xs) AS n"


@pytest.fixture
def store(neo4j_server: Neo4jServer) -> Iterator[GraphStore]:
    neo4j_server.reset(holder=object())
    with open_store(neo4j_server.settings()) as opened:
        yield opened


def running(server: Neo4jServer, text: str) -> list[str]:
    """The server's transactions now running the given query (seen by the test's own admin session)."""
    with server.driver.session(database="neo4j") as session:
        return [
            r["id"]
            for r in session.run(
                "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery "
                "WHERE currentQuery = $text RETURN id",
                text=text,
            )
        ]


def test_a_runaway_query_is_stopped_by_the_server_and_does_not_keep_running(
    store: GraphStore, neo4j_server: Neo4jServer
) -> None:
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match=r"time limit of 1 s"):
        store.read_only_text(RUNAWAY, {}, timeout_s=1)
    took = time.perf_counter() - started
    assert took < 8, f"stopped after {took:.1f} s: the timed-out transaction was tried again"
    assert running(neo4j_server, RUNAWAY) == []
    assert store.read_only_text("RETURN 1 AS one").rows == [{"one": 1}]  # the session is usable


def test_a_query_that_needs_too_much_memory_is_stopped_and_named_as_such(
    store: GraphStore, neo4j_server: Neo4jServer
) -> None:
    started = time.perf_counter()
    with pytest.raises(QueryError, match="more memory than") as stopped:
        store.read_only_text(HOG, {}, timeout_s=30)
    took = time.perf_counter() - started
    assert not isinstance(stopped.value, QueryTimeout)
    assert took < 15, f"took {took:.1f} s: the memory error was retried as a transient error"
    assert running(neo4j_server, HOG) == []


def test_the_servers_own_limits_are_set(neo4j_server: Neo4jServer) -> None:
    """What stops a query that no client limits (the app's own, or one from another tool)."""
    with neo4j_server.driver.session(database="neo4j") as session:
        settings = {
            r["name"]: r["value"]
            for r in session.run(
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                names=[
                    "db.transaction.timeout",
                    "dbms.memory.transaction.total.max",
                    "db.memory.transaction.max",
                    "server.bolt.listen_address",
                    "server.http.enabled",
                    "dbms.security.auth_enabled",
                ],
            )
        }
    assert settings["db.transaction.timeout"] == "1m"
    assert settings["dbms.memory.transaction.total.max"] == "512.00MiB"
    assert settings["db.memory.transaction.max"] == "256.00MiB"
    assert settings["server.bolt.listen_address"].startswith("127.0.0.1:")
    assert (settings["server.http.enabled"], settings["dbms.security.auth_enabled"]) == ("false", "true")
