"""The Neo4j adapter, narrowly: no Neo4j server exists on these machines, so a fake driver records
what the adapter asks of the official driver (the one place familynet's tests use a stand-in).

What a user would notice: reads go to followers through read transactions on the configured
database, writes through write transactions, the analyst console refuses writes before running
anything, cuts long answers at the row limit, and driver failures read as familynet errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
import neo4j.exceptions
import neo4j.time
import pytest

from graph import queries
from graph.engines.neo4j import Neo4jEngine
from graph.errors import ConfigurationError, GraphUnavailable, QueryError, QueryTimeout, WriteRefused
from graph.settings import Settings
from graph.store import GraphStore, open_store


@dataclass
class Summary:
    query_type: str


class FakeResult:
    def __init__(self, rows: list[dict[str, Any]], query_type: str) -> None:
        self._rows = rows
        self._query_type = query_type

    def __iter__(self) -> Iterator[neo4j.Record]:
        return (neo4j.Record(row) for row in self._rows)

    def keys(self) -> list[str]:
        return list(self._rows[0]) if self._rows else []

    def consume(self) -> Summary:
        return Summary(self._query_type)


@dataclass
class FakeDriver:
    """Answers every query with ``rows``; ``query_type`` is what EXPLAIN reports; ``error`` is raised
    by the first query run. ``calls`` logs (what, detail) in order."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    query_type: str = "r"
    error: Exception | None = None
    calls: list[tuple[str, Any]] = field(default_factory=list)
    closed: bool = False

    def session(self, **config: Any) -> FakeSession:
        self.calls.append(("session", config))
        return FakeSession(self)

    def run(self, query: str, params: dict[str, Any]) -> FakeResult:
        self.calls.append(("run", (query, params)))
        if self.error is not None:
            raise self.error
        return FakeResult(self.rows, self.query_type)

    def verify_connectivity(self) -> None:
        self.calls.append(("verify_connectivity", None))
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.driver.calls.append(("session closed", None))

    def run(self, query: str, params: dict[str, Any] | None = None) -> FakeResult:
        self.driver.calls.append(("auto-commit", query))
        return self.driver.run(query, params or {})

    def _transaction(self, kind: str, work: Any, *args: Any, **kwargs: Any) -> Any:
        self.driver.calls.append((kind, {"timeout": getattr(work, "timeout", None)}))
        return work(self.driver, *args, **kwargs)  # the driver object plays the transaction

    def execute_read(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return self._transaction("execute_read", work, *args, **kwargs)

    def execute_write(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return self._transaction("execute_write", work, *args, **kwargs)


SETTINGS = Settings(graph_url="neo4j://neo4j.example.org:7687", neo4j_database="families")


def store_with(driver: FakeDriver, settings: Settings = SETTINGS) -> GraphStore:
    return GraphStore(Neo4jEngine(settings, driver=driver), settings)


def neo4j_error(code: str, message: str) -> neo4j.exceptions.Neo4jError:
    """An error as the driver builds it from a server failure."""
    return neo4j.exceptions.Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(
    "url", ["neo4j://localhost:7687", "neo4j+s://abc123.databases.example.org", "bolt://10.0.0.5:7687"]
)
def test_neo4j_and_bolt_urls_open_the_neo4j_engine_without_connecting(url: str) -> None:
    store = open_store(Settings(graph_url=url, neo4j_database="families", neo4j_password="pw"))
    try:
        assert isinstance(store.engine, Neo4jEngine)
        assert store.engine.name == "neo4j"
        assert store.engine.database == "families"
    finally:
        store.close()


def test_an_unknown_scheme_never_reaches_a_driver() -> None:
    with pytest.raises(ConfigurationError, match="unknown scheme"):
        open_store(Settings(graph_url="neo5j://localhost:7687"))


def test_a_named_read_runs_in_a_read_transaction_on_the_configured_database() -> None:
    driver = FakeDriver(rows=[{"label": "Person", "count": 3}])
    rows = store_with(driver).read("count_nodes_by_label")
    assert rows == [{"label": "Person", "count": 3}]
    assert driver.calls[0] == ("session", {"database": "families"})
    assert driver.kinds()[1:4] == ["execute_read", "run", "session closed"]
    assert driver.calls[2][1] == (queries.get("count_nodes_by_label").text, {})


def test_a_named_write_runs_in_a_write_transaction_with_its_parameters() -> None:
    driver = FakeDriver()
    store_with(driver).write("count_nodes_by_label", person_id="P1")
    assert driver.calls[0] == ("session", {"database": "families"})
    assert "execute_read" not in driver.kinds()
    assert driver.kinds()[1:3] == ["execute_write", "run"]
    assert driver.calls[2][1][1] == {"person_id": "P1"}


def test_write_batches_sends_every_row_in_unwind_batches() -> None:
    driver = FakeDriver()
    rows = [{"uid": f"P{i}"} for i in range(7)]
    sent = store_with(driver).write_batches("count_nodes_by_label", rows, batch_size=3)
    assert sent == 7
    batches = [detail[1]["rows"] for kind, detail in driver.calls if kind == "run"]
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [r for b in batches for r in b] == rows
    assert driver.kinds().count("execute_write") == 3


def test_dates_come_back_as_iso_strings() -> None:
    driver = FakeDriver(rows=[{"dob": neo4j.time.Date(2015, 3, 2), "ages": [neo4j.time.Date(2001, 1, 9)]}])
    assert store_with(driver).read("count_nodes_by_label") == [{"dob": "2015-03-02", "ages": ["2001-01-09"]}]


def test_analyst_text_is_explained_first_then_run_in_a_read_transaction_with_a_timeout() -> None:
    driver = FakeDriver(rows=[{"n": 1}, {"n": 2}])
    answer = store_with(driver).read_only_text("MATCH (n) RETURN n.uid AS n", {"x": 1}, 2.5, 10)
    assert driver.calls[0] == ("session", {"database": "families", "default_access_mode": neo4j.READ_ACCESS})
    assert driver.calls[1] == ("auto-commit", "EXPLAIN MATCH (n) RETURN n.uid AS n")
    assert driver.calls[3] == ("execute_read", {"timeout": 2.5})
    assert driver.calls[4] == ("run", ("MATCH (n) RETURN n.uid AS n", {"x": 1}))
    assert answer.columns == ["n"]
    assert answer.rows == [{"n": 1}, {"n": 2}]
    assert answer.truncated is False


@pytest.mark.parametrize("query_type", ["rw", "w", "s"])
def test_analyst_text_that_would_write_is_refused_before_it_runs(query_type: str) -> None:
    driver = FakeDriver(query_type=query_type)
    with pytest.raises(WriteRefused, match="only read queries"):
        store_with(driver).read_only_text("MATCH (n) SET n.flag = 1 RETURN n", {}, 5, 10)
    ran = [detail[0] for kind, detail in driver.calls if kind == "run"]
    assert ran == ["EXPLAIN MATCH (n) SET n.flag = 1 RETURN n"]
    assert "execute_read" not in driver.kinds() and "execute_write" not in driver.kinds()


def test_the_row_limit_cuts_the_answer_and_says_so() -> None:
    driver = FakeDriver(rows=[{"n": i} for i in range(5)])
    store = store_with(driver)
    cut = store.read_only_text("UNWIND range(0, 4) AS n RETURN n", {}, 5, 3)
    assert cut.rows == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert cut.truncated is True
    exact = store.read_only_text("UNWIND range(0, 4) AS n RETURN n", {}, 5, 5)
    assert len(exact.rows) == 5 and exact.truncated is False


def test_the_settings_supply_default_timeout_and_row_limit() -> None:
    driver = FakeDriver(rows=[{"n": i} for i in range(3)])
    settings = SETTINGS.with_(query_timeout_s=4.0, query_row_limit=2)
    answer = store_with(driver, settings).read_only_text("UNWIND range(0, 2) AS n RETURN n")
    assert ("execute_read", {"timeout": 4.0}) in driver.calls
    assert answer.truncated is True and len(answer.rows) == 2


@pytest.mark.parametrize(
    ("description", "error", "expected", "message"),
    [
        (
            "server down",
            neo4j.exceptions.ServiceUnavailable("Couldn't connect"),
            GraphUnavailable,
            "not reachable",
        ),
        ("wrong password", neo4j.exceptions.AuthError("unauthorized"), GraphUnavailable, "not reachable"),
        (
            "transaction timeout",
            neo4j_error("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "timed out"),
            QueryTimeout,
            "time limit",
        ),
        (
            "write in a read transaction",
            neo4j_error("Neo.ClientError.Statement.AccessMode", "Writing in read access mode not allowed"),
            WriteRefused,
            "only read queries",
        ),
        (
            "syntax error",
            neo4j_error("Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETRUN'"),
            QueryError,
            "Invalid input 'RETRUN'",
        ),
    ],
)
def test_driver_errors_become_familynet_errors(
    description: str, error: Exception, expected: type[Exception], message: str
) -> None:
    with pytest.raises(expected, match=message) as raised:
        store_with(FakeDriver(error=error)).read("count_nodes_by_label")
    assert raised.value.__cause__ is error, description


def test_an_unreachable_server_shows_in_health_not_as_a_crash() -> None:
    health = store_with(FakeDriver(error=neo4j.exceptions.ServiceUnavailable("Couldn't connect"))).health()
    assert health.ok is False
    assert health.engine == "neo4j"
    assert "not reachable" in health.detail


def test_health_counts_nodes_by_label() -> None:
    health = store_with(FakeDriver(rows=[{"label": "Person", "count": 12}])).health()
    assert health.ok is True
    assert health.counts == {"Person": 12}


def test_close_closes_the_driver() -> None:
    driver = FakeDriver()
    store_with(driver).close()
    assert driver.closed
