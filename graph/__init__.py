"""The one port to the graph: settings, engines (embedded FalkorDB, FalkorDB server, Neo4j), schema."""

from graph.engines.base import EngineEvent
from graph.errors import (
    ConfigurationError,
    FamilynetError,
    Forbidden,
    GraphUnavailable,
    NotFound,
    QueryError,
    QueryNotFound,
    QueryTimeout,
    QueryTooLarge,
    TooManyQueries,
    Unavailable,
    WriteRefused,
)
from graph.result import Health, QueryResult
from graph.settings import GraphSettings, Settings
from graph.store import GraphStore, open_store

__all__ = [
    "ConfigurationError",
    "EngineEvent",
    "FamilynetError",
    "Forbidden",
    "GraphSettings",
    "GraphStore",
    "GraphUnavailable",
    "Health",
    "NotFound",
    "QueryError",
    "QueryNotFound",
    "QueryResult",
    "QueryTimeout",
    "QueryTooLarge",
    "Settings",
    "Unavailable",
    "TooManyQueries",
    "WriteRefused",
    "open_store",
]
