"""FalkorDB engines: embedded in a local file (falkordblite, the default) or a FalkorDB server."""

from __future__ import annotations

import atexit
import fcntl
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
import redis.exceptions
from falkordb import Edge, Graph, Node, QueryResult
from falkordb import Path as FalkorPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph import models, result
from graph.engines import guard
from graph.engines.base import Engine
from graph.errors import GraphUnavailable, QueryError, QueryTimeout, WriteRefused

log = logging.getLogger(__name__)

# redis-py gives up on a reply after 5 s by default; a large load batch, or a start-up while the
# server rewrites its append-only file, can take longer. Time limits are the engine's (analyst queries
# have their own deadline connection), so the app's own connections wait.
# Durability for the embedded engine: an append-only file synced every second, so an unclean
# shutdown loses at most about one second of writes; RDB snapshots as well for fast restarts.
EMBEDDED_SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}


def embedded_server_config(path: Path) -> dict[str, str]:
    """The embedded server's settings for one database file. Its append-only files go in a folder
    named after the file: redis's default folder name is shared by every database in a directory, and
    a server loads the append-only files over its own file, so two graphs side by side would mix."""
    return dict(EMBEDDED_SERVER_CONFIG, appenddirname=f"{path.name}.aof")


# How long after its time limit an analyst query's connection stops waiting for the engine.
DEADLINE_GRACE_S = 1.0
PING_TIMEOUT_S = 3.0
INDEX_WAIT_S = 600.0
INDEX_STATUS = "CALL db.indexes() YIELD label, status RETURN label, status"
MAX_DEADLINE_POOLS = 8  # one per distinct deadline: the ping's and each analyst time limit in use
RO_QUERY = "GRAPH.RO_QUERY"
ENGINE_WHERE = re.compile(r"\s*line: \d+, column: \d+, offset: \d+")
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


def _drop_stale_registry(path: Path) -> None:
    """Remove ``<file>.settings`` when no server answers on the socket it names.

    redislite trusts the registry while the pid it names looks alive, which a zombie or a reused pid
    does; it is left behind when a server is killed, or stopped by a client that did not start it.
    A stale registry makes every later open fail to connect.
    """
    registry = path.with_name(path.name + ".settings")
    try:
        socket_path = json.loads(registry.read_text(encoding="utf-8"))["unixsocket"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    with socket.socket(socket.AF_UNIX) as probe:
        probe.settimeout(PING_TIMEOUT_S)
        try:
            probe.connect(socket_path)
        except OSError:
            pass  # nothing there: the registry is stale
        else:
            try:
                probe.sendall(b"PING\r\n")
                probe.recv(64)
            except OSError as e:  # alive but not answering: starting a second server would lose writes
                raise GraphUnavailable(f"the embedded graph engine for {path} is not answering: {e}") from e
            return  # a server is answering: share it
    log.info("removing stale embedded-engine registry %s (no server on %s)", registry, socket_path)
    registry.unlink(missing_ok=True)


def _switch_on_append_only(connection: redis.Redis, wait_s: float = 300.0) -> None:
    """Turn on the append-only file and wait until it holds the whole data set (a background rewrite):
    a shut-down before then would leave an empty folder, which the next start would load."""
    connection.config_set("appendonly", "yes")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        info = connection.info("persistence")
        if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")) and info.get(
            "aof_enabled"
        ):
            return
        time.sleep(0.05)
    log.warning("the embedded engine's append-only file was still being written after %.0f s", wait_s)


class FalkorEngine(Engine):
    """Runs Cypher on one FalkorDB graph, through any falkordb-py compatible client."""

    name = "falkordb"

    def __init__(self, client: Any, graph_name: str, on_close: Any = None) -> None:
        self._client = client
        self._graph = client.select_graph(graph_name)
        self._graph_name = graph_name
        self._on_close = on_close
        self._deadline_graphs: dict[float, Graph] = {}
        self._deadline_lock = threading.Lock()

    @classmethod
    def embedded(cls, path: Path, graph_name: str) -> FalkorEngine:
        from redislite.falkordb_client import FalkorDB as EmbeddedFalkorDB

        path = path.resolve()
        lock = path.with_name(path.name + ".lock")
        try:
            with _file_lock(lock):
                _drop_stale_registry(path)
                config = embedded_server_config(path)
                # redis ignores the database file when append-only is on and its folder is missing (a
                # file from before the folder had its own name): start from the file, then switch on
                # append-only, which writes the folder from what was loaded.
                from_file_only = not path.with_name(config["appenddirname"]).exists()
                if from_file_only:
                    config["appendonly"] = "no"
                client = EmbeddedFalkorDB(str(path), serverconfig=config, socket_timeout=None)
                if from_file_only:
                    _switch_on_append_only(client.connection)
        except Exception as e:  # redislite raises bare exceptions when the server cannot start
            raise GraphUnavailable(f"could not start the embedded graph engine on {path}: {e}") from e

        def shut_down() -> None:
            # The last client's SHUTDOWN drops its own connection; redis-py would retry it with
            # back-off, adding seconds to every close.
            client.client.set_retry(Retry(NoBackoff(), 0))
            with _file_lock(lock):
                client.close()  # shuts the server down only if no other client is connected

        engine = cls(client, graph_name, on_close=shut_down)
        engine.name = "embedded"
        # redislite's own exit hook stops the server without our lock, racing a process that is
        # starting up on the same file; ours runs first (atexit is last-in, first-out).
        atexit.register(engine.close)
        engine._ensure_graph()
        return engine

    @classmethod
    def server(cls, url: str, graph_name: str) -> FalkorEngine:
        from falkordb import FalkorDB

        try:
            client = FalkorDB.from_url(url.replace("falkordb://", "falkor://", 1), socket_timeout=None)
            client.connection.ping()
        except redis.exceptions.RedisError as e:
            raise GraphUnavailable(f"cannot reach FalkorDB at {url}: {e}") from e
        engine = cls(client, graph_name, on_close=client.connection.close)
        engine._ensure_graph()
        return engine

    def _ensure_graph(self) -> None:
        """Create the graph if it does not exist yet: FalkorDB refuses read-only queries on a missing
        graph ("Invalid graph operation on empty key"), which would make a new install unhealthy."""
        with _translated_errors():
            self._graph.query("RETURN 0")

    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        send = self._graph.query if write else self._graph.ro_query
        with _translated_errors():
            answer = send(cypher, params or None)
        return _rows(answer)

    def prepare(self, cypher: str, params: dict[str, Any]) -> str:
        """The statement's text with its parameters written in as Cypher literals (falkordb-py's own
        "CYPHER name=value" header): slow Python work for a load's large batches, which a loader does
        on its own thread while its sending thread waits on the engine."""
        return self._graph._build_params_header(params or None) + cypher

    def run_prepared(self, statement: str) -> list[dict[str, Any]]:
        with _translated_errors():
            return _rows(self._graph.query(statement))

    def run_limited(
        self, cypher: str, params: dict[str, Any], timeout_s: float, row_limit: int
    ) -> result.QueryResult:
        """Read-only by GRAPH.RO_QUERY; time-limited by the engine's per-query TIMEOUT and, because
        the engine checks it only between records (one huge ``range()`` can overrun it by seconds),
        by a client-side deadline on a connection of its own that gives up shortly after the limit."""
        guard.refuse_unsafe_clauses(cypher)
        started = time.perf_counter()
        graph = self._deadline_graph(timeout_s + DEADLINE_GRACE_S)
        try:
            with _translated_errors():
                answer = _first_records(graph, cypher, params, timeout_s, row_limit + 1)
                rows = _rows(answer)
        except QueryTimeout as e:
            raise QueryTimeout(f"the query ran past its time limit of {timeout_s:g} s and was stopped") from e
        return result.QueryResult(
            columns=_columns(answer),
            rows=rows[:row_limit],
            truncated=len(rows) > row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def _deadline_graph(self, socket_timeout_s: float) -> Graph:
        """The graph on connections of their own, like the engine's, whose reads give up after the
        deadline and are never retried (a retry would run the query again). Kept per deadline and
        reused: a connection per ping or analyst query cost a connect and a handshake each time. A
        read that gives up closes its connection (redis-py), so a late reply never reaches the next
        query."""
        with self._deadline_lock:
            graph = self._deadline_graphs.get(socket_timeout_s)
            if graph is None:
                if len(self._deadline_graphs) >= MAX_DEADLINE_POOLS:  # the oldest goes, idle ones closed
                    oldest = self._deadline_graphs.pop(next(iter(self._deadline_graphs)))
                    oldest.client.connection_pool.disconnect(inuse_connections=False)
                pool = self._client.connection.connection_pool  # the redis client, embedded or server
                kwargs = dict(
                    pool.connection_kwargs, socket_timeout=socket_timeout_s, retry=Retry(NoBackoff(), 0)
                )
                client = redis.Redis(
                    connection_pool=redis.ConnectionPool(connection_class=pool.connection_class, **kwargs)
                )
                graph = self._deadline_graphs[socket_timeout_s] = Graph(client, self._graph_name)
            return graph

    def _drop_deadline_pools(self) -> None:
        """Disconnect the deadline connections: the embedded server shuts down with its last client."""
        with self._deadline_lock:
            graphs, self._deadline_graphs = list(self._deadline_graphs.values()), {}
        for graph in graphs:
            graph.client.connection_pool.disconnect()

    def install_schema(self) -> list[str]:
        done = []
        for label, prop, unique in models.indexed_properties():
            done += self._create_index(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
            if unique:
                done.append(self._unique_constraint(label, prop))
        for rel_type, prop in models.indexed_relationship_properties():
            done += self._create_index(f"CREATE INDEX FOR ()-[r:{rel_type}]-() ON (r.{prop})")
        self._await_indexes()
        return done

    def _await_indexes(self, wait_s: float = INDEX_WAIT_S) -> None:
        """Wait until every index is in use. A started engine rebuilds its indexes from the data in
        the background (0.6 s for a graph of 10k people here, growing with the graph), and until
        then the planner scans the whole label for each lookup: a load into a large graph would
        run its first batches that way."""
        deadline = time.monotonic() + wait_s
        while True:
            with _translated_errors():
                building = [
                    label
                    for label, status in self._graph.query(INDEX_STATUS).result_set
                    if status != "OPERATIONAL"
                ]
            if not building:
                return
            if time.monotonic() > deadline:
                log.warning("indexes still being built after %.0f s: %s", wait_s, ", ".join(building))
                return
            time.sleep(0.1)

    def _create_index(self, statement: str) -> list[str]:
        """Run one index statement (names come from the schema, never from users); [] if it exists."""
        try:
            self._graph.query(statement)
        except redis.exceptions.ResponseError as e:
            if "already indexed" in str(e):
                return []
            raise QueryError(f"could not run {statement}: {e}") from e
        return [statement]

    def _unique_constraint(self, label: str, prop: str) -> str:
        command = (
            "GRAPH.CONSTRAINT",
            "CREATE",
            self._graph_name,
            "UNIQUE",
            "NODE",
            label,
            "PROPERTIES",
            "1",
            prop,
        )
        try:
            self._client.connection.execute_command(*command)
        except redis.exceptions.ResponseError as e:
            if "already exists" not in str(e).lower():
                raise QueryError(f"could not create unique constraint {label}.{prop}: {e}") from e
        return " ".join(command)

    def ping(self) -> None:
        """On a connection of its own that gives up after PING_TIMEOUT_S: a hung engine must show
        the banner, not hang every page (the app's own connections wait for long queries)."""
        try:
            self._deadline_graph(PING_TIMEOUT_S).client.ping()
        except redis.exceptions.RedisError as e:
            raise GraphUnavailable(f"the {self.name} graph engine is not answering: {e}") from e

    def sibling(self, graph_name: str, empty: bool = False) -> FalkorEngine:
        """Another graph (key) in the same FalkorDB server, on the same client: closing it closes only
        its own deadline connections, never the server. ``empty``: the graph is deleted first."""
        if graph_name == self._graph_name:
            raise ValueError("a sibling graph needs a name of its own")
        if empty:
            with _translated_errors():
                if self._client.connection.exists(graph_name):
                    self._client.select_graph(graph_name).delete()
        engine = FalkorEngine(self._client, graph_name)
        engine.name = self.name
        engine._ensure_graph()
        return engine

    def abandon(self) -> None:
        """Drop a broken connection without talking to the engine (it may be hung)."""
        self._on_close = None
        self._drop_deadline_pools()
        self._client.connection.connection_pool.disconnect()

    def close(self) -> None:
        self._drop_deadline_pools()
        if self._on_close is not None:
            self._on_close()
            self._on_close = None


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except redis.exceptions.TimeoutError as e:  # the client stopped waiting (see run_limited)
        raise QueryTimeout("the query ran past its time limit and was stopped") from e
    except redis.exceptions.ConnectionError as e:
        raise GraphUnavailable(f"the graph engine is not reachable: {e}") from e
    except redis.exceptions.ResponseError as e:
        message = str(e)
        if "read-only" in message or "Invalid constraint command" in message:
            raise WriteRefused(guard.READ_ONLY_MESSAGE) from e
        if "timed out" in message.lower():
            raise QueryTimeout("the query ran past its time limit and was stopped") from e
        offset = ERROR_OFFSET.search(message)
        position = int(offset.group(1) or offset.group(2)) + 1 if offset else None
        text = ENGINE_WHERE.sub("", message.split(" errCtx:")[0].removeprefix("errMsg: "))
        raise QueryError(text, position) from e  # the position is shown the same way on every engine


def _first_records(
    graph: Graph, cypher: str, params: dict[str, Any], timeout_s: float, keep: int
) -> QueryResult:
    """``graph.ro_query`` that converts only the first ``keep`` records: converting is the slow part
    (about 3 s per million rows), and rows past the limit are not shown."""
    text = graph._build_params_header(params or None) + cypher  # falkordb-py's own parameter syntax
    command = [RO_QUERY, graph.name, text, "--compact", "timeout", max(1, int(timeout_s * 1000))]
    response = graph.execute_command(*command)
    if len(response) == 3:  # [header, records, statistics]; a query without RETURN has statistics only
        response[1] = response[1][:keep]
    return QueryResult(graph, response)


def _columns(answer: Any) -> list[str]:
    return [column[1] if isinstance(column, (list, tuple)) else column for column in answer.header]


def _rows(answer: Any) -> list[dict[str, Any]]:
    columns = _columns(answer)
    return [dict(zip(columns, (_value(v) for v in row), strict=True)) for row in answer.result_set]


def _value(value: Any) -> Any:
    if isinstance(value, Node):
        return result.node(value.id, list(value.labels or []), value.properties)
    if isinstance(value, Edge):
        return result.relationship(
            value.id,
            value.relation,
            _node_id(value.src_node),
            _node_id(value.dest_node),
            value.properties,
        )
    if isinstance(value, FalkorPath):
        return result.path([_value(n) for n in value.nodes()], [_value(e) for e in value.edges()])
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return result.plain(value)


def _node_id(node: Any) -> Any:
    return node.id if isinstance(node, Node) else node
