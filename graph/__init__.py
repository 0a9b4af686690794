"""The one port to the graph: settings, engines (embedded FalkorDB, FalkorDB server, Neo4j), schema."""

from graph.engines.base import EngineEvent
from graph.errors import (
    ConfigurationError,
    FamilynetError,
    GraphUnavailable,
    QueryError,
    QueryNotFound,
    QueryTimeout,
    QueryTooLarge,
    TooManyQueries,
    WriteRefused,
)
from graph.result import Health, QueryResult
from graph.settings import Settings
from graph.store import GraphStore, open_store

__all__ = [
    "ConfigurationError",
    "EngineEvent",
    "FamilynetError",
    "GraphStore",
    "GraphUnavailable",
    "Health",
    "QueryError",
    "QueryNotFound",
    "QueryResult",
    "QueryTimeout",
    "QueryTooLarge",
    "Settings",
    "TooManyQueries",
    "WriteRefused",
    "open_store",
]
