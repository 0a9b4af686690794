"""FalkorDB engines: embedded in a local file (falkordblite, the default) or a FalkorDB server."""

from __future__ import annotations

import fcntl
import logging
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import redis.exceptions
from falkordb import Edge, Node, Path as FalkorPath

from graph import models, result
from graph.engines.base import Engine
from graph.errors import GraphUnavailable, QueryError, QueryTimeout, WriteRefused

log = logging.getLogger(__name__)

# Durability for the embedded engine: an append-only file synced every second, so an unclean
# shutdown loses at most about one second of writes; RDB snapshots as well for fast restarts.
EMBEDDED_SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}
ERROR_OFFSET = re.compile(r"errCtxOffset:\s*(\d+)|offset:\s*(\d+)")


@contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    """Serialise start-up and shut-down of the embedded server across processes.

    redislite shares one server per database file through a registry file; processes that start
    together would otherwise each start their own server on the same file and lose writes.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class FalkorEngine(Engine):
    """Runs Cypher on one FalkorDB graph, through any falkordb-py compatible client."""

    name = "falkordb"

    def __init__(self, client: Any, graph_name: str, on_close: Any = None) -> None:
        self._client = client
        self._graph = client.select_graph(graph_name)
        self._graph_name = graph_name
        self._on_close = on_close

    @classmethod
    def embedded(cls, path: Path, graph_name: str) -> FalkorEngine:
        from redislite.falkordb_client import FalkorDB as EmbeddedFalkorDB

        path = path.resolve()
        lock = path.with_name(path.name + ".lock")
        try:
            with _file_lock(lock):
                client = EmbeddedFalkorDB(str(path), serverconfig=dict(EMBEDDED_SERVER_CONFIG))
        except Exception as e:  # redislite raises bare exceptions when the server cannot start
            raise GraphUnavailable(f"could not start the embedded graph engine on {path}: {e}") from e

        def shut_down() -> None:
            with _file_lock(lock):
                client.close()

        engine = cls(client, graph_name, on_close=shut_down)
        engine.name = "embedded"
        return engine

    @classmethod
    def server(cls, url: str, graph_name: str) -> FalkorEngine:
        from falkordb import FalkorDB

        try:
            client = FalkorDB.from_url(url.replace("falkordb://", "falkor://", 1))
            client.connection.ping()
        except redis.exceptions.RedisError as e:
            raise GraphUnavailable(f"cannot reach FalkorDB at {url}: {e}") from e
        return cls(client, graph_name, on_close=client.connection.close)

    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        send = self._graph.query if write else self._graph.ro_query
        with _translated_errors():
            answer = send(cypher, params or None)
        return _rows(answer)

    def run_limited(
        self, cypher: str, params: dict[str, Any], timeout_s: float, row_limit: int
    ) -> result.QueryResult:
        started = time.perf_counter()
        with _translated_errors():
            answer = self._graph.ro_query(cypher, params or None, timeout=int(timeout_s * 1000))
        rows = _rows(answer)
        return result.QueryResult(
            columns=_columns(answer),
            rows=rows[:row_limit],
            truncated=len(rows) > row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def install_schema(self) -> list[str]:
        done = []
        for label, prop, unique in models.indexed_properties():
            statement = f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"
            try:
                self._graph.query(statement)
                done.append(statement)
            except redis.exceptions.ResponseError as e:
                if "already indexed" not in str(e):
                    raise QueryError(f"could not create index {label}.{prop}: {e}") from e
            if unique:
                done.append(self._unique_constraint(label, prop))
        return done

    def _unique_constraint(self, label: str, prop: str) -> str:
        command = ("GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE", label,
                   "PROPERTIES", "1", prop)  # fmt: skip
        try:
            self._client.connection.execute_command(*command)
        except redis.exceptions.ResponseError as e:
            if "already exists" not in str(e).lower():
                raise QueryError(f"could not create unique constraint {label}.{prop}: {e}") from e
        return " ".join(command)

    def ping(self) -> None:
        try:
            self._client.connection.ping()
        except redis.exceptions.RedisError as e:
            raise GraphUnavailable(f"the {self.name} graph engine is not answering: {e}") from e

    def close(self) -> None:
        if self._on_close is not None:
            self._on_close()
            self._on_close = None


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except redis.exceptions.ConnectionError as e:
        raise GraphUnavailable(f"the graph engine is not reachable: {e}") from e
    except redis.exceptions.ResponseError as e:
        message = str(e)
        if "read-only" in message:
            raise WriteRefused("this query would change the graph; only read queries may run here") from e
        if "timed out" in message.lower():
            raise QueryTimeout("the query ran past its time limit and was stopped") from e
        offset = ERROR_OFFSET.search(message)
        position = int(offset.group(1) or offset.group(2)) + 1 if offset else None
        raise QueryError(message.split(" errCtx:")[0].removeprefix("errMsg: "), position) from e


def _columns(answer: Any) -> list[str]:
    return [column[1] if isinstance(column, (list, tuple)) else column for column in answer.header]


def _rows(answer: Any) -> list[dict[str, Any]]:
    columns = _columns(answer)
    return [dict(zip(columns, (_value(v) for v in row))) for row in answer.result_set]


def _value(value: Any) -> Any:
    if isinstance(value, Node):
        return result.node(value.id, list(value.labels or []), value.properties)
    if isinstance(value, Edge):
        return result.relationship(
            value.id, value.relation, _node_id(value.src_node), _node_id(value.dest_node),
            value.properties,
        )  # fmt: skip
    if isinstance(value, FalkorPath):
        return result.path(
            [_value(n) for n in value.nodes()], [_value(e) for e in value.edges()]
        )
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return result.plain(value)


def _node_id(node: Any) -> Any:
    return node.id if isinstance(node, Node) else node
