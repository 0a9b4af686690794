"""The one port to the graph: settings, engines (embedded FalkorDB, FalkorDB server, Neo4j), schema."""

from graph.errors import (
    ConfigurationError,
    FamilynetError,
    GraphUnavailable,
    QueryError,
    QueryNotFound,
    QueryTimeout,
    WriteRefused,
)
from graph.result import Health, QueryResult
from graph.settings import Settings
from graph.store import GraphStore, open_store

__all__ = [
    "ConfigurationError",
    "FamilynetError",
    "GraphStore",
    "GraphUnavailable",
    "Health",
    "QueryError",
    "QueryNotFound",
    "QueryResult",
    "QueryTimeout",
    "Settings",
    "WriteRefused",
    "open_store",
]
