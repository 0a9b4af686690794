"""Batched graph writes: rows pile up per named query and go in ``UNWIND $rows`` batches."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph import GraphStore

# Flush order: what later queries MATCH must already be written.
ORDER = (
    "merge_sources",
    "merge_people",
    "merge_possible_matches",
    "merge_households",
    "merge_parent_of",
    "merge_sibling_of",
    "merge_partner_of",
    "merge_ex_partner_of",
    "merge_carer_of",
    "merge_involvements",
    "merge_practitioners",
)


RELATIONSHIP_QUERIES = {
    "parent": "merge_parent_of",
    "sibling": "merge_sibling_of",
    "partner": "merge_partner_of",
    "ex-partner": "merge_ex_partner_of",
    "carer": "merge_carer_of",
}

# What each query MERGEs on. FalkorDB applies two rows with the same MERGE key in one UNWIND batch
# out of order (the second row's ON CREATE wins), so a batch never holds a key twice.
KEYS = {
    "merge_sources": ("uid",),
    "merge_people": ("uid",),
    "merge_possible_matches": ("a", "b"),
    "merge_households": ("person", "uid"),
    "merge_involvements": ("uid",),
    "merge_practitioners": ("involvement",),
    **{name: ("a", "b") for name in RELATIONSHIP_QUERIES.values()},
}


class BatchWriter:
    def __init__(self, store: GraphStore, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.keys: dict[str, set[tuple]] = defaultdict(set)
        self.written: dict[str, int] = defaultdict(int)

    def add(self, query: str, row: dict[str, Any]) -> None:
        key = tuple(row[k] for k in KEYS[query])
        if key in self.keys[query]:
            self._flush_upto(query)
        self.keys[query].add(key)
        rows = self.pending[query]
        rows.append(row)
        if len(rows) >= self.batch_size:
            self._flush_upto(query)

    def _flush_upto(self, query: str) -> None:
        """Flush this query and every query it may depend on, in dependency order."""
        for name in ORDER[: ORDER.index(query) + 1]:
            rows = self.pending.pop(name, [])
            self.keys.pop(name, None)
            if rows:
                self.written[name] += self.store.write_batches(name, rows, self.batch_size)

    def flush(self) -> None:
        self._flush_upto(ORDER[-1])
