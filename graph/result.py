"""Engine-neutral results: rows of plain Python values (nodes and relationships become dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

# the types an engine's driver gives as they are, so converting an answer passes them straight through
# (tested first: they are most of a load's millions of values)
SCALARS = frozenset({str, int, float, bool, type(None)})


def node(key: str | int, labels: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"_type": "node", "_id": str(key), "_labels": sorted(labels), **plain(properties)}


def relationship(
    key: str | int, rel_type: str, start: str | int, end: str | int, properties: dict[str, Any]
) -> dict[str, Any]:
    return {
        "_type": "relationship",
        "_id": str(key),
        "_rel_type": rel_type,
        "_start": str(start),
        "_end": str(end),
        **plain(properties),
    }


def path(nodes: list[dict[str, Any]], relationships: list[dict[str, Any]]) -> dict[str, Any]:
    return {"_type": "path", "nodes": nodes, "relationships": relationships}


def plain(value: Any) -> Any:
    """Dates and times become ISO strings; containers are converted all the way down."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@dataclass
class QueryResult:
    """What an analyst query returned, and whether the row limit cut it short."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False
    elapsed_ms: float = 0.0
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Health:
    ok: bool
    engine: str
    detail: str
    counts: dict[str, int] = field(default_factory=dict)
