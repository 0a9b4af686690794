"""Links waiting for another source's people: shared person keys whatever the loading order.

A service file whose records name people by a person index's ids (``person_source``) may arrive
before the index. Its rows are then kept in the graph as PendingLink nodes, keyed by what they
write (a newer extract's row replaces an older one), and the load that brings those people writes
them and deletes the pending node, only after the writes are in the graph.
"""

from __future__ import annotations

import json
from typing import Any

from loaders.link_rows import PENDING, SYMMETRIC
from loaders.mapping import Mapping
from loaders.resolve import stable_id
from loaders.rows import Rows
from loaders.writer import RELATIONSHIP_QUERIES

SYMMETRIC_QUERIES = {RELATIONSHIP_QUERIES[k] for k in SYMMETRIC}


def pending_row(mapping: Mapping, person_source: str, waiting: list[str], made: Rows, row_hash: str) -> dict:
    shared = ("merge_services", "merge_household_nodes")
    key_query, key_row = next(((q, r) for q, r in made if q not in shared), made[0])
    key = (
        key_row.get("uid")
        if key_query == "merge_involvements"
        else json.dumps([key_row.get("a"), key_row.get("b"), key_row.get("person"), key_row.get("uid")])
    )
    return {
        "uid": stable_id("pl", mapping.source_id, key_query, str(key)),
        "props": {
            "source": mapping.source_id,
            "person_source": person_source,
            "waiting": sorted(set(waiting)),
            "hash": row_hash,
            "extract_date": mapping.extract_date,
            "rows": json.dumps(made, sort_keys=True),
        },
    }


def resolved_rows(pending: dict[str, Any], person_of: Any) -> Rows | None:
    """The pending rows with every waiting id replaced by its person's uid, or None while one is unknown."""
    people = {}
    for record_id in pending["waiting"] or []:
        uid = person_of(pending["person_source"], record_id)
        if uid is None:
            return None
        people[PENDING + record_id] = uid
    rows: Rows = []
    for query, row in json.loads(pending["rows"]):
        row = {k: people.get(v, v) if isinstance(v, str) else v for k, v in row.items()}
        if query in SYMMETRIC_QUERIES and row["b"] < row["a"]:
            row["a"], row["b"] = row["b"], row["a"]
        if query in RELATIONSHIP_QUERIES.values() and row["a"] == row["b"]:
            continue  # both ids turned out to be one person: no relationship with oneself
        rows.append((query, row))
    return rows
