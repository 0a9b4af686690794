"""FalkorDB through falkordb-py: a FalkorDB server, and what the embedded engine shares with it.

Nothing here waits forever: every command has a socket timeout (settings.engine_socket_timeout_s),
longer than the engine's own limit for any query (TIMEOUT_MAX, set at connect), so an answer that
does not come in time means the engine is not answering. Commands are never retried by the client:
a retried write could be applied twice.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import redis
import redis.exceptions
from falkordb import Graph
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph import result
from graph.engines import falkor_answers as answers
from graph.engines import guard
from graph.engines.base import Engine
from graph.engines.falkor_schema import FalkorSchema
from graph.errors import GraphUnavailable, QueryError, QueryTimeout, QueryTooLarge, WriteRefused
from graph.settings import Settings

log = logging.getLogger(__name__)

PING_TIMEOUT_S = 3.0  # a health probe: PING is answered by the server's main thread at once
ENGINE_WHERE = re.compile(r"\s*line: \d+, column: \d+, offset: \d+")
ERROR_OFFSET = re.compile(r"errCtxOffset:\s*(\d+)|offset:\s*(\d+)")
MEMORY_EXCEEDED = "mem consumption exceeded capacity"


def no_retry() -> Retry:
    return Retry(NoBackoff(), 0)


class FalkorEngine(FalkorSchema, Engine):
    """Runs Cypher on one FalkorDB graph, through any falkordb-py compatible client."""

    name = "falkordb"
    _shared = False  # a sibling graph on its host's client (``sibling``)

    def __init__(self, client: Any, settings: Settings, where: str) -> None:
        self.settings = settings
        self.where = where  # for messages: "the FalkorDB server at …", "the embedded graph engine …"
        self._probe_lock = threading.Lock()
        self._use(client)

    def _use(self, client: Any) -> None:
        """Send everything through this client from now on (the embedded engine after a restart)."""
        client.connection.set_retry(no_retry())
        self._client = client
        self._graph = client.select_graph(self.settings.graph_name)
        with self._probe_lock:
            self._probe: Graph | None = None

    @classmethod
    def server(cls, settings: Settings) -> FalkorEngine:
        from falkordb import FalkorDB

        url = settings.graph_url
        try:
            client = FalkorDB.from_url(
                url.replace("falkordb://", "falkor://", 1),
                socket_timeout=settings.engine_socket_timeout_s,
                socket_connect_timeout=PING_TIMEOUT_S,
            )
            client.connection.set_retry(no_retry())
            client.connection.ping()
        except redis.exceptions.RedisError as e:
            raise GraphUnavailable(f"cannot reach FalkorDB at {url}: {e}; check that it runs") from e
        engine = cls(client, settings, f"the FalkorDB server at {url}")
        try:
            engine.set_limits()
        except QueryError as e:  # a server's administrator may have kept GRAPH.CONFIG to themselves
            log.warning(
                "could not set the query limits on %s (%s): set TIMEOUT_MAX and "
                "QUERY_MEM_CAPACITY in its configuration",
                url,
                e,
            )
        engine.ensure_graph()
        return engine

    def set_limits(self) -> None:
        """The engine's own limits, for every query from any client: TIMEOUT_MAX and QUERY_MEM_CAPACITY.
        (GRAPH.CONFIG SET is not kept over a restart, so this runs at every connect.)"""
        limits = {
            "TIMEOUT_MAX": int(self.settings.engine_timeout_max_s * 1000),
            "QUERY_MEM_CAPACITY": self.settings.engine_query_memory_mb * 1024 * 1024,
        }
        with self.translated_errors():
            for name, value in limits.items():
                self._client.connection.execute_command("GRAPH.CONFIG", "SET", name, value)

    def ensure_graph(self) -> None:
        """Create the graph if it does not exist yet: FalkorDB refuses read-only queries on a missing
        graph ("Invalid graph operation on empty key"), which would make a new install unhealthy.
        Then wait until its indexes are in use: a server started on a graph it holds rebuilds them in
        the background, and a query planned meanwhile scans the whole label for the rest of its run
        (a match lookup of 2,000 keys on a 10k-people graph: 114 s instead of 0.05 s)."""
        with self.translated_errors():
            self._graph.query("RETURN 0")
        self._await_indexes()

    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        with self.translated_errors():
            return answers.query_rows(self._graph, cypher, params, write=write)

    def prepare(self, cypher: str, params: dict[str, Any]) -> str:
        """The statement's text with its parameters written in as Cypher literals (falkordb-py's own
        "CYPHER name=value" header): slow Python work for a load's large batches, which a loader does
        on its own thread while its sending thread waits on the engine."""
        return self._graph._build_params_header(params or None) + cypher

    def run_prepared(self, statement: str) -> list[dict[str, Any]]:
        with self.translated_errors():
            return answers.rows(self._graph.query(statement))

    def run_limited(
        self, cypher: str, params: dict[str, Any], timeout_s: float, row_limit: int
    ) -> result.QueryResult:
        """Read-only by GRAPH.RO_QUERY, time-limited by the engine's per-query TIMEOUT (at most
        TIMEOUT_MAX, which the engine insists on). familynet waits for the engine's own answer: when it
        says "stopped", the engine has stopped the query, and the next one does not queue behind it."""
        guard.refuse_unsafe_clauses(cypher)
        timeout_s = min(timeout_s, self.settings.engine_timeout_max_s)
        started = time.perf_counter()
        try:
            with self.translated_errors():
                answer = answers.first_records(self._graph, cypher, params, timeout_s, row_limit + 1)
                rows = answers.rows(answer)
        except QueryTimeout as e:
            raise QueryTimeout(f"the query ran past its time limit of {timeout_s:g} s and was stopped") from e
        return result.QueryResult(
            columns=answers.columns(answer),
            rows=rows[:row_limit],
            truncated=len(rows) > row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def probe(self) -> Graph:
        """The graph on a connection of its own that gives up after PING_TIMEOUT_S: a hung engine must
        show the banner, not hang every page. Never retried; a reply that comes too late closes the
        connection (redis-py), so it never reaches the next probe."""
        with self._probe_lock:
            if self._probe is None:
                pool = self._client.connection.connection_pool
                kwargs = dict(
                    pool.connection_kwargs,
                    socket_timeout=PING_TIMEOUT_S,
                    socket_connect_timeout=PING_TIMEOUT_S,
                    retry=no_retry(),
                )
                client = redis.Redis(
                    connection_pool=redis.ConnectionPool(connection_class=pool.connection_class, **kwargs)
                )
                self._probe = Graph(client, self.settings.graph_name)
            return self._probe

    def ping(self) -> None:
        try:
            self.probe().client.ping()
        except redis.exceptions.RedisError as e:
            raise GraphUnavailable(f"{self.where} is not answering: {e}") from e

    def _drop_probe(self) -> None:
        with self._probe_lock:
            probe, self._probe = self._probe, None
        if probe is not None:
            probe.client.connection_pool.disconnect()

    def sibling(self, graph_name: str, empty: bool = False) -> FalkorEngine:
        """Another graph (key) in the same FalkorDB server, on the same client: closing it closes only
        its own deadline connections, never the server. ``empty``: the graph is deleted first."""
        if graph_name == self.settings.graph_name:
            raise ValueError("a sibling graph needs a name of its own")
        if empty:
            with self.translated_errors():
                if self._client.connection.exists(graph_name):
                    self._client.select_graph(graph_name).delete()
        engine = FalkorEngine(self._client, replace(self.settings, graph_name=graph_name), self.where)
        engine.name = self.name
        engine._shared = True  # closing it must not close the connections its host's queries are using
        engine.ensure_graph()
        return engine

    def abandon(self) -> None:
        """Drop the connections without talking to the engine (it may be hung); a sibling graph's
        connections are its host's, which drops them."""
        self._drop_probe()
        if not self._shared:
            self._client.connection.connection_pool.disconnect()

    def close(self) -> None:
        self.abandon()

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        try:
            yield
        except redis.exceptions.TimeoutError as e:  # the socket timeout: the engine is not answering
            raise GraphUnavailable(
                f"{self.where} did not answer within {self.settings.engine_socket_timeout_s:g} s "
                "(FAMILYNET_ENGINE_SOCKET_TIMEOUT_S), although it stops any query after "
                f"{self.settings.engine_timeout_max_s:g} s: it is hung or overloaded. {self._advice()}"
            ) from e
        except redis.exceptions.ConnectionError as e:
            raise GraphUnavailable(f"{self.where} is not reachable: {e}. {self._advice()}") from e
        except redis.exceptions.ResponseError as e:
            raise self._query_error(str(e)) from e

    def _advice(self) -> str:
        return "Check that the FalkorDB server is running and answers (redis-cli PING), then try again."

    def _query_error(self, message: str) -> QueryError | GraphUnavailable:
        if "read-only" in message or "Invalid constraint command" in message:
            return WriteRefused(guard.READ_ONLY_MESSAGE)
        if "timed out" in message.lower():
            return QueryTimeout("the query ran past its time limit and was stopped")
        if MEMORY_EXCEEDED in message:
            return QueryTooLarge(
                f"the query needed more than the {self.settings.engine_query_memory_mb:,} MB one query may "
                "use and was stopped; narrow it (fewer nodes, LIMIT, count instead of collect)"
            )
        if "max pending queries exceeded" in message.lower():
            return GraphUnavailable(f"{self.where} is overloaded (too many queries waiting); try again")
        offset = ERROR_OFFSET.search(message)
        position = int(offset.group(1) or offset.group(2)) + 1 if offset else None
        text = ENGINE_WHERE.sub("", message.split(" errCtx:")[0].removeprefix("errMsg: "))
        return QueryError(text, position)  # the position is shown the same way on every engine
