"""What every graph engine provides; the GraphStore port is built on this."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from graph.result import QueryResult


class Engine(ABC):
    name: str = "engine"

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        """Run one statement; reads go on the engine's read-only path."""

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
