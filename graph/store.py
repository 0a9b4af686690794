"""GraphStore: the one port to the graph. Everything else asks it for named queries."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from itertools import batched
from typing import Any

from graph import queries
from graph.engines import guard
from graph.engines.base import Engine, EngineEvent
from graph.errors import FamilynetError, GraphUnavailable
from graph.limits import AnalystSlots
from graph.result import Health, QueryResult
from graph.settings import Settings

log = logging.getLogger(__name__)


class GraphStore:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.analyst_slots = AnalystSlots(
            settings.lock_folder, settings.analyst_queries_per_user, settings.analyst_queries_at_once
        )

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named read query from cypher/ with parameters."""
        return self.engine.run(queries.get(name).text, params, write=False)

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.engine.run(queries.get(name).text, params, write=True)

    def write_batches(self, name: str, rows: Iterable[dict[str, Any]], batch_size: int | None = None) -> int:
        """Send rows to the named ``UNWIND $rows`` query in batches; returns how many rows went."""
        sent = 0
        for batch in batched(rows, batch_size or self.settings.write_batch_size):  # one in memory at a time
            self.write_prepared(self.prepare_batches(name, batch, len(batch)))
            sent += len(batch)
        return sent

    def prepare_batches(
        self, name: str, rows: Iterable[dict[str, Any]], batch_size: int | None = None
    ) -> list[Any]:
        """The named ``UNWIND $rows`` query's batches made ready to send (write_prepared), so that a
        loader can prepare them on its own thread while another thread waits on the engine."""
        text = queries.get(name).text
        size = batch_size or self.settings.write_batch_size
        return [self.engine.prepare(text, {"rows": list(batch)}) for batch in batched(rows, size)]

    def write_prepared(self, statements: list[Any]) -> None:
        for statement in statements:
            self.engine.run_prepared(statement)

    def read_only_text(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        timeout_s: float | None = None,
        row_limit: int | None = None,
        owner: str | None = None,
    ) -> QueryResult:
        """Run an analyst's own Cypher: read-only as enforced by the engine, time- and row-limited,
        and in one of a limited number of slots: ``owner`` (who asks) may run
        settings.analyst_queries_per_user at once, everyone together settings.analyst_queries_at_once,
        so that analysts never take all of the engine's query threads. Raises TooManyQueries beyond."""
        params = params or {}
        guard.refuse_unstoppable_lists(cypher, params)
        with self.analyst_slots.hold(owner):
            return self.engine.run_limited(
                cypher,
                params,
                timeout_s or self.settings.query_timeout_s,
                row_limit or self.settings.query_row_limit,
            )

    def schema_install(self) -> list[str]:
        return self.engine.install_schema()

    def health(self) -> Health:
        try:
            self.engine.ping()
            counts = {r["label"]: r["count"] for r in self.read("count_nodes_by_label")}
        except FamilynetError as e:
            return Health(ok=False, engine=self.engine.name, detail=str(e))
        return Health(ok=True, engine=self.engine.name, detail="answering", counts=counts)

    def fingerprint(self) -> str:
        """A hash of the whole graph's content: equal for two graphs holding the same facts."""
        lines = sorted(
            json.dumps(row, sort_keys=True, default=str) for row in self.read("list_graph_content")
        )
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()

    def sibling(self, graph_name: str, empty: bool = False) -> GraphStore | None:
        """Another graph in the same engine server (FalkorDB; ``empty``: deleted and made anew), or None
        when the engine holds one graph (Neo4j Community)."""
        engine = self.engine.sibling(graph_name, empty)
        return None if engine is None else GraphStore(engine, self.settings.with_(graph_name=graph_name))

    def close(self) -> None:
        self.engine.close()

    def abandon(self) -> None:
        """Drop a broken connection without waiting on the engine (see Services.reset)."""
        self.engine.abandon()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_store(
    settings: Settings | None = None, on_event: Callable[[EngineEvent], None] | None = None
) -> GraphStore:
    """Connect to the engine the settings' graph URL names.

    ``on_event`` hears what the engine adapter does by itself, such as restarting an embedded engine
    that stopped answering (the app writes it to the audit trail); it may be called from a
    background thread."""
    settings = settings or Settings.from_env()
    if settings.engine == "neo4j":
        from graph.engines.neo4j import Neo4jEngine

        engine: Engine = Neo4jEngine(settings)
    elif settings.engine == "embedded":
        from graph.engines.embedded import EmbeddedEngine

        engine = EmbeddedEngine.open(settings, on_event)
    else:
        from graph.engines.falkor import FalkorEngine

        engine = FalkorEngine.server(settings)
    log.info("graph engine %s at %s", engine.name, settings.graph_url)
    return GraphStore(engine, settings)


__all__ = ["EngineEvent", "GraphStore", "GraphUnavailable", "open_store"]
