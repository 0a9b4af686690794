"""Neo4j through the official driver: managed transactions, read routing, engine-enforced read-only."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import neo4j.exceptions
from neo4j import graph as neo4j_graph

from graph import result
from graph.engines import guard
from graph.engines.base import Engine
from graph.errors import GraphUnavailable, QueryError, QueryTimeout, WriteRefused
from graph.settings import Settings

NEO4J_OFFSET = re.compile(r"\(offset: (\d+)\)")


class Neo4jEngine(Engine):
    """Reads use ``execute_read`` (routed to followers in a cluster), writes ``execute_write``;
    both retry transient errors, so every transaction function here is idempotent."""

    name = "neo4j"

    def __init__(self, settings: Settings, driver: Any = None) -> None:
        self.database = settings.neo4j_database
        try:
            self._driver = driver or neo4j.GraphDatabase.driver(
                settings.graph_url, auth=(settings.neo4j_user, settings.neo4j_password)
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as e:
            raise GraphUnavailable(f"bad Neo4j URL {settings.graph_url!r}: {e}") from e

    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        with _translated_errors(), self._driver.session(database=self.database) as session:
            work = session.execute_write if write else session.execute_read
            return work(_collect, cypher, params, None)

    def run_limited(
        self, cypher: str, params: dict[str, Any], timeout_s: float, row_limit: int
    ) -> result.QueryResult:
        """Read-only three ways: LOAD CSV and schema commands refused first (see guard), EXPLAIN's
        query type must be "r", and the query runs in a read-access transaction with a server-side
        timeout. Production should also connect as a reader-role user."""
        guard.refuse_unsafe_clauses(cypher)
        started = time.perf_counter()
        try:
            with (
                _translated_errors(),
                self._driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session,
            ):
                plan = session.run("EXPLAIN " + cypher, params).consume()
                if plan.query_type != "r":
                    raise WriteRefused(guard.READ_ONLY_MESSAGE)
                limited = neo4j.unit_of_work(timeout=timeout_s)(_collect_limited)
                columns, rows, truncated = session.execute_read(limited, cypher, params, row_limit)
        except QueryTimeout as e:
            raise QueryTimeout(f"the query ran past its time limit of {timeout_s:g} s and was stopped") from e
        except QueryError as e:
            if e.position is None:  # Neo4j puts it in the message: "(line 1, column 8 (offset: 7))"
                offset = NEO4J_OFFSET.search(str(e))
                e.position = int(offset.group(1)) - len("EXPLAIN ") + 1 if offset else None
            raise
        elapsed = (time.perf_counter() - started) * 1000
        return result.QueryResult(columns, rows, truncated=truncated, elapsed_ms=elapsed)

    def install_schema(self) -> list[str]:
        from neomodel import db as neomodel_db

        from graph.models import NODE_MODELS

        neomodel_db.set_connection(driver=self._driver)
        neomodel_db._database_name = self.database
        with _translated_errors():
            for model in NODE_MODELS:
                neomodel_db.install_labels(model)
            # new indexes are built in the background; a load before then would scan whole labels
            self._driver.execute_query("CALL db.awaitIndexes(600)", database_=self.database)
        return [f"neomodel constraints and indexes for {m.__label__}" for m in NODE_MODELS]

    def ping(self) -> None:
        with _translated_errors():
            self._driver.verify_connectivity()

    def close(self) -> None:
        self._driver.close()


def _collect(tx: Any, cypher: str, params: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    return [{k: _value(v) for k, v in record.items()} for record in tx.run(cypher, params)]


def _collect_limited(tx: Any, cypher: str, params: dict[str, Any], row_limit: int) -> tuple:
    answer = tx.run(cypher, params)
    rows = []
    for record in answer:
        if len(rows) == row_limit:
            return list(answer.keys()), rows, True
        rows.append({k: _value(v) for k, v in record.items()})
    return list(answer.keys()), rows, False


def _value(value: Any) -> Any:
    if isinstance(value, neo4j_graph.Node):
        return result.node(value.element_id, list(value.labels), dict(value))
    if isinstance(value, neo4j_graph.Relationship):
        return result.relationship(
            value.element_id,
            value.type,
            value.start_node.element_id,
            value.end_node.element_id,
            dict(value),
        )
    if isinstance(value, neo4j_graph.Path):
        return result.path([_value(n) for n in value.nodes], [_value(r) for r in value.relationships])
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return value.iso_format()
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as e:
        raise GraphUnavailable(f"Neo4j is not reachable: {e}") from e
    except neo4j.exceptions.Neo4jError as e:
        code = e.code or ""
        if "TransactionTimedOut" in code or "Timeout" in code:
            raise QueryTimeout("the query ran past its time limit and was stopped") from e
        if "AccessMode" in code or "WriteOnReadOnly" in code:
            raise WriteRefused("this query would change the graph; only read queries may run here") from e
        raise QueryError(e.message or str(e)) from e
    except neo4j.exceptions.DriverError as e:
        raise GraphUnavailable(f"Neo4j driver error: {e}") from e
