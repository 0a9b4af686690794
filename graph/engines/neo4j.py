"""Neo4j through the official driver: managed transactions, read routing, engine-enforced read-only."""

from __future__ import annotations

import io
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
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

log = logging.getLogger(__name__)
NEO4J_OFFSET = re.compile(r"\(offset: (\d+)\)")
# No call may wait forever. The driver's own bounds: a new connection (TCP and Bolt handshake) within
# CONNECT_TIMEOUT_S, a pooled one within ACQUIRE_TIMEOUT_S, retries of a failed transaction (leader
# change, server restarting) for RETRY_S. A reply on an open connection is bounded by the server's
# recv-timeout hint (120 s on a default Neo4j 5); a ping gives up after PING_TIMEOUT_S, so a hung
# server shows the banner instead of hanging the page.
CONNECT_TIMEOUT_S = 5.0
ACQUIRE_TIMEOUT_S = 30.0
RETRY_S = 10.0
PING_TIMEOUT_S = 3.0
# Once the server has not answered (a ping or a call that found no server), calls fail at once for
# FAIL_FAST_S or until a ping answers: a page would otherwise wait out the driver's retries (RETRY_S)
# on each of its queries, behind the banner that already says the graph is down. Per server URL, as
# the app opens a new store after a failed ping.
FAIL_FAST_S = 5.0
_unreachable_since: dict[str, float] = {}
INDEX_WAIT_S = 600
SCHEMA_LIST = (  # Neo4j's own token lookup indexes and the indexes that back constraints left out
    "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
    "RETURN 'constraint' AS kind, name, type, labelsOrTypes, properties",
    "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint "
    "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL "
    "RETURN 'index' AS kind, name, type, labelsOrTypes, properties",
)


class Neo4jEngine(Engine):
    """Named reads use ``execute_read`` (routed to followers in a cluster), writes ``execute_write``;
    both retry transient errors, so every transaction function here is idempotent. Analyst queries
    run in one explicit read transaction, never retried (``run_limited``)."""

    name = "neo4j"

    def __init__(self, settings: Settings, driver: Any = None) -> None:
        self.database = settings.neo4j_database
        self._url = settings.graph_url
        self._closed = False
        try:
            self._driver = driver or neo4j.GraphDatabase.driver(
                settings.graph_url,
                auth=(settings.neo4j_user, settings.neo4j_password),
                connection_timeout=CONNECT_TIMEOUT_S,
                connection_acquisition_timeout=ACQUIRE_TIMEOUT_S,
                max_transaction_retry_time=RETRY_S,
                # cypher/ keeps to Cypher both engines run; Neo4j 5.26 calls some of it deprecated
                # (``CALL { WITH x … }``, which FalkorDB needs), and warns of property keys no node has
                # yet (every query on a new graph): logged on every query, they would bury real warnings.
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.DEPRECATION,
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED,
                ],
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as e:
            raise GraphUnavailable(f"bad Neo4j URL {settings.graph_url!r}: {e}") from e

    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        with self._reaching(), self._driver.session(database=self.database) as session:
            work = session.execute_write if write else session.execute_read
            return work(_collect, cypher, params, None)

    def run_limited(
        self, cypher: str, params: dict[str, Any], timeout_s: float, row_limit: int
    ) -> result.QueryResult:
        """Read-only three ways: LOAD CSV, schema and administration commands refused first (see
        guard), EXPLAIN's query type must be "r", and the query runs in a read-access transaction.
        The server stops it: at the transaction's timeout, or at the server's transaction memory
        limit. One explicit transaction, never retried: a managed one would run a runaway query again
        after a memory error (a transient error to the driver). Production should also connect as a
        reader-role user (access mode alone is not access control)."""
        guard.refuse_unsafe_clauses(cypher)
        started = time.perf_counter()
        try:
            with (
                self._reaching(),
                self._driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session,
            ):
                plan = session.run("EXPLAIN " + cypher, params).consume()
                if plan.query_type != "r":
                    raise WriteRefused(guard.READ_ONLY_MESSAGE)
                with session.begin_transaction(timeout=timeout_s) as tx:
                    columns, rows, truncated = _collect_limited(tx, cypher, params, row_limit)
                    tx.rollback()  # it read only; nothing to keep
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
        """neomodel's ``install_all_labels`` for graph/models/ (unique constraints and indexes, kept
        if they exist), then ``db.awaitIndexes``: new indexes are built in the background, and a load
        before then would scan whole labels. Returns the schema now in the database, one line each."""
        from neomodel import db as neomodel_db

        from graph import models

        neomodel_db.set_connection(driver=self._driver)
        neomodel_db._database_name = self.database
        said = io.StringIO()  # neomodel reports "already exists" for each rule on every re-install
        with self._reaching():
            neomodel_db.install_all_labels(stdout=said)
            self._driver.execute_query(f"CALL db.awaitIndexes({INDEX_WAIT_S})", database_=self.database)
            installed = [
                r for q in SCHEMA_LIST for r in self._driver.execute_query(q, database_=self.database).records
            ]
        log.debug("neomodel: %s", said.getvalue())
        stray = (
            {label for r in installed for label in r["labelsOrTypes"]}
            - set(models.labels())
            - set(models.relationship_types())
        )
        if stray:  # install_all_labels installs every StructuredNode class the process has imported
            log.warning("the Neo4j schema also covers labels outside graph/models/: %s", sorted(stray))
        return [
            f"{r['kind']} {r['name']}: {r['type']} on {':'.join(r['labelsOrTypes'])}"
            f"({', '.join(r['properties'])})"
            for r in installed
        ]

    def ping(self) -> None:
        """Within PING_TIMEOUT_S: a server that accepts connections but does not answer (hung, or
        paused) must show the banner, not hold the page for the driver's own, longer time limits."""
        try:
            _within(PING_TIMEOUT_S, self._verify, "Neo4j did not answer a ping")
        except GraphUnavailable as e:
            if e.__cause__ is None or isinstance(e.__cause__, neo4j.exceptions.ServiceUnavailable):
                _unreachable_since[self._url] = time.monotonic()  # no answer (not: a refused password)
            raise
        _unreachable_since.pop(self._url, None)

    @contextmanager
    def _reaching(self) -> Iterator[None]:
        """Errors translated; at once GraphUnavailable while the server is known not to answer (see
        FAIL_FAST_S); a call that finds no server marks it so. A refused password does not."""
        since = _unreachable_since.get(self._url)
        if since is not None and time.monotonic() - since < FAIL_FAST_S:
            raise GraphUnavailable(
                f"Neo4j is not reachable (it did not answer {time.monotonic() - since:.0f} s ago)"
            )
        try:
            with _translated_errors():
                yield
        except GraphUnavailable as e:
            if isinstance(e.__cause__, neo4j.exceptions.ServiceUnavailable):
                _unreachable_since[self._url] = time.monotonic()
            raise

    def _verify(self) -> None:
        try:
            self._driver.verify_connectivity()
        finally:
            if self._closed:  # closed while this ping waited on the server: close what it opened
                self._driver.close()

    def close(self) -> None:
        self._closed = True
        self._driver.close()

    def abandon(self) -> None:
        """Let go of the driver on a thread of its own: closing says goodbye on every pooled
        connection, which a hung server would not read."""
        self._closed = True
        threading.Thread(target=self._driver.close, name="neo4j-abandon", daemon=True).start()


def _within[T](seconds: float, call: Callable[[], T], message: str) -> T:
    """``call()`` on a daemon thread, given up (GraphUnavailable) after ``seconds``. A call given up
    on ends by itself within the driver's own bounds (see CONNECT_TIMEOUT_S)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            with _translated_errors():
                outcome["value"] = call()
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=work, name="neo4j-ping", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise GraphUnavailable(f"{message} within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


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
    if type(value) in result.SCALARS:  # half the time of the checks below (a load reads millions)
        return value
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
        if "MemoryPoolOutOfMemoryError" in code:
            raise QueryError(
                f"the query needed more memory than the graph database allows one query, and was stopped "
                f"({e.message})"
            ) from e
        if code == "Neo.ClientError.Schema.ConstraintValidationFailed":
            raise QueryError(f"unique constraint violation: {e.message}") from e
        if "TransactionTimedOut" in code or "Timeout" in code:
            raise QueryTimeout("the query ran past its time limit and was stopped") from e
        if "AccessMode" in code or "WriteOnReadOnly" in code:
            raise WriteRefused("this query would change the graph; only read queries may run here") from e
        raise QueryError(e.message or str(e)) from e
    except neo4j.exceptions.DriverError as e:
        raise GraphUnavailable(f"Neo4j driver error: {e}") from e
