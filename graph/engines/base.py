"""What every graph engine provides; the GraphStore port is built on this."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from graph.result import QueryResult


@dataclass(frozen=True)
class EngineEvent:
    """Something an engine adapter did by itself that an administrator should know of (open_store's
    on_event hears it; graph/ cannot write the audit trail, the app can)."""

    kind: str  # engine_restarted | engine_start_hung
    message: str
    pid: int | None = None


class Engine(ABC):
    name: str = "engine"

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        """Run one statement; reads go on the engine's read-only path."""

    def prepare(self, cypher: str, params: dict[str, Any]) -> Any:
        """A write statement made ready for run_prepared: whatever work can be done before sending,
        so that it can be done on another thread than the one waiting on the engine."""
        return cypher, params

    def run_prepared(self, statement: Any) -> list[dict[str, Any]]:
        """Run a write statement made by prepare."""
        cypher, params = statement
        return self.run(cypher, params, write=True)

    @abstractmethod
    def run_limited(
        self, cypher: str, params: dict[str, Any], timeout_s: float, row_limit: int
    ) -> QueryResult:
        """Run untrusted read-only Cypher, refused by the engine itself if it would write."""

    @abstractmethod
    def install_schema(self) -> list[str]:
        """Create the schema's indexes and constraints; returns what was installed."""

    @abstractmethod
    def ping(self) -> None:
        """Raise GraphUnavailable unless the engine answers."""

    @abstractmethod
    def close(self) -> None: ...

    def abandon(self) -> None:
        """Let go of a connection that stopped answering, without waiting on it."""
        self.close()

    def sibling(self, graph_name: str, empty: bool = False) -> Engine | None:
        """Another graph in the same server (``empty``: deleted first, then made anew), or None when the
        engine holds one graph (Neo4j Community has one user database). For the analysts' projections
        (app/analyst/projection.py)."""
        return None
