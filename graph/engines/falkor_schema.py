"""The schema on a FalkorDB graph: an index for every indexed property of graph/models/, unique
constraints, and a wait until the engine uses them (FalkorEngine inherits it)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from falkordb import Graph

from graph import models
from graph.errors import QueryError
from graph.settings import Settings

log = logging.getLogger(__name__)

INDEX_WAIT_S = 600.0
INDEX_STATUS = "CALL db.indexes() YIELD label, status RETURN label, status"


class FalkorSchema:
    """Installs the schema through the engine's graph and client, its errors translated."""

    settings: Settings
    _graph: Graph
    _client: Any
    translated_errors: Callable[[], AbstractContextManager[None]]

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
        run its first batches that way. Done at every connect (ensure_graph) and schema install."""
        started = time.monotonic()
        deadline, told = started + wait_s, False
        while True:
            with self.translated_errors():
                building = [
                    label
                    for label, status in self._graph.query(INDEX_STATUS).result_set
                    if status != "OPERATIONAL"
                ]
            if not building:
                if told:
                    log.info("indexes in use after %.1f s", time.monotonic() - started)
                return
            if not told:
                log.info("waiting for the engine to build the indexes of %s", ", ".join(sorted(building)))
                told = True
            if time.monotonic() > deadline:
                log.warning("indexes still being built after %.0f s: %s", wait_s, ", ".join(building))
                return
            time.sleep(0.1)

    def _create_index(self, statement: str) -> list[str]:
        """Run one index statement (names come from the schema, never from users); [] if it exists."""
        try:
            with self.translated_errors():
                self._graph.query(statement)
        except QueryError as e:
            if "already indexed" in str(e):
                return []
            raise QueryError(f"could not run {statement}: {e}") from e
        return [statement]

    def _unique_constraint(self, label: str, prop: str) -> str:
        command = (
            "GRAPH.CONSTRAINT",
            "CREATE",
            self.settings.graph_name,
            "UNIQUE",
            "NODE",
            label,
            "PROPERTIES",
            "1",
            prop,
        )
        try:
            with self.translated_errors():
                self._client.connection.execute_command(*command)
        except QueryError as e:
            if "already exists" not in str(e).lower():
                raise QueryError(f"could not create unique constraint {label}.{prop}: {e}") from e
        return " ".join(command)
