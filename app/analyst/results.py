"""Pure builders for an analyst query's result: table cells, CSV, and cytoscape elements.

Rows hold plain values and the engine-neutral dicts of graph/result.py (``_type`` node,
relationship or path); these functions never see an engine's own types.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from governance.export import to_csv

NAME_KEYS = ("name", "address", "code", "uid")


def entity_caption(value: dict[str, Any]) -> str:
    """A short human caption for a node: its name if it has one, else its address, code or uid."""
    given, family = value.get("given_name"), value.get("family_name")
    if given or family:
        return " ".join(str(part) for part in (given, family) if part)
    for key in NAME_KEYS:
        if value.get(key):
            return str(value[key])
    return f"#{value.get('_id', '?')}"


def cell_text(value: Any) -> str:
    """What a table cell shows: nodes as (:Label caption), relationships as [:TYPE], lists joined."""
    if value is None:
        return ""
    if isinstance(value, dict) and value.get("_type") == "node":
        return f"(:{':'.join(value.get('_labels', []))} {entity_caption(value)})"
    if isinstance(value, dict) and value.get("_type") == "relationship":
        return f"[:{value.get('_rel_type', '?')}]"
    if isinstance(value, dict) and value.get("_type") == "path":
        return f"path of {len(value.get('relationships', []))} relationship(s)"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_rows(columns: list[str], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for the grid: numbers stay numbers (so they sort as numbers), everything else is text."""

    def cell(value: Any) -> Any:
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else cell_text(value)

    return [{column: cell(row.get(column)) for column in columns} for row in rows]


def results_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """CSV of the rows as the table shows them, through the one safe CSV writer (governance/export.py)."""
    return to_csv(table_rows(columns, rows), columns)


def _entities(value: Any) -> Iterator[dict[str, Any]]:
    """Every node and relationship anywhere in a value, paths and lists included."""
    if isinstance(value, dict):
        kind = value.get("_type")
        if kind in ("node", "relationship"):
            yield value
        elif kind == "path":
            yield from (e for part in ("nodes", "relationships") for e in value.get(part, []))
        else:
            for inner in value.values():
                yield from _entities(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _entities(inner)


def to_elements(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cytoscape elements for the nodes and relationships in the rows, each once.

    A relationship whose end nodes the query did not return is left out: cytoscape cannot draw an
    edge to a node it does not have.
    """
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for row in rows:
        for entity in _entities(list(row.values())):
            if entity["_type"] == "node":
                labels = entity.get("_labels", [])
                nodes.setdefault(
                    entity["_id"],
                    {
                        "data": {
                            "id": f"n{entity['_id']}",
                            "label": entity_caption(entity),
                            "kind": labels[0] if labels else "",
                        },
                        "classes": " ".join(label.lower() for label in labels),
                    },
                )
            else:
                edges.setdefault(
                    entity["_id"],
                    {
                        "data": {
                            "id": f"e{entity['_id']}",
                            "source": f"n{entity['_start']}",
                            "target": f"n{entity['_end']}",
                            "label": entity.get("_rel_type", ""),
                        },
                    },
                )
    known = {n["data"]["id"] for n in nodes.values()}
    drawable = [e for e in edges.values() if e["data"]["source"] in known and e["data"]["target"] in known]
    return list(nodes.values()) + drawable
