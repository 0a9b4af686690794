"""Batched graph writes: rows pile up per named query and go in ``UNWIND $rows`` batches."""

from __future__ import annotations

from collections import defaultdict, deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from graph import GraphStore

MAX_IN_FLIGHT = 4  # batches handed to the sending thread and not yet written

# Flush order: what later queries MATCH must already be written.
ORDER = (
    "merge_sources",
    "merge_people",
    "merge_household_nodes",
    "merge_households",
    "merge_parent_of",
    "merge_sibling_of",
    "merge_partner_of",
    "merge_ex_partner_of",
    "merge_carer_of",
    "merge_services",
    "merge_involvements",
    "merge_practitioners",
    "merge_facts",
    "merge_pending_links",
    "mark_person_records_no_longer_held",
    "mark_involvements_no_longer_held",
    "merge_source_quality",
)


RELATIONSHIP_QUERIES = {
    "parent": "merge_parent_of",
    "sibling": "merge_sibling_of",
    "partner": "merge_partner_of",
    "ex-partner": "merge_ex_partner_of",
    "carer": "merge_carer_of",
}

SHARED_NODE_QUERIES = {"merge_services", "merge_household_nodes"}  # nodes many rows point at

# What each query MERGEs on. FalkorDB applies two rows with the same MERGE key in one UNWIND batch
# out of order (the second row's ON CREATE wins), so a batch never holds a key twice.
KEYS = {
    "merge_sources": ("uid",),
    "merge_people": ("uid",),
    "merge_household_nodes": ("uid",),
    "merge_households": ("person", "uid"),
    "merge_services": ("uid",),
    "merge_involvements": ("uid",),
    "merge_practitioners": ("involvement",),
    "merge_facts": ("uid",),
    "merge_source_quality": ("uid",),
    "merge_pending_links": ("uid",),
    "mark_person_records_no_longer_held": ("uid", "record_id"),
    "mark_involvements_no_longer_held": ("uid",),
    **{name: ("a", "b") for name in RELATIONSHIP_QUERIES.values()},
}


class BatchWriter:
    """Rows wait per query in generations: a row whose MERGE key is already waiting goes into the
    next generation, so each batch holds a key once and the rows still apply in the order given."""

    def __init__(self, store: GraphStore, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.pending: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
        self.generation_of: dict[str, dict[tuple, int]] = defaultdict(dict)
        self.written: dict[str, int] = defaultdict(int)
        self.shared: set[tuple[str, str, bool]] = set()  # shared nodes sent this load (and shielding)
        # One sending thread: the engine works on a batch while this thread builds and prepares the
        # next (for FalkorDB, writes its parameters into the query text: done on the sending thread,
        # that work competed with this thread for Python's GIL and took a third of the sending
        # thread's time). One thread keeps the batches in order; a bounded queue keeps memory bounded.
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer")
        self._in_flight: deque[Future] = deque()

    def add(self, query: str, row: dict[str, Any]) -> None:
        key = tuple(row[k] for k in KEYS[query])
        generations, seen = self.pending[query], self.generation_of[query]
        generation = seen[key] + 1 if key in seen else 0
        seen[key] = generation
        if generation == len(generations):
            generations.append([])
        generations[generation].append(row)
        if len(generations[0]) >= self.batch_size:
            self._flush_upto(query)

    def add_shared(self, query: str, row: dict[str, Any]) -> None:
        """A node many rows point at (a service, a household): sent once per load, not once per row;
        once more when a row shields it (a household another row named first)."""
        key = (query, row["uid"], bool(row.get("shield")))
        if key not in self.shared:
            self.shared.add(key)
            self.add(query, row)

    def _flush_upto(self, query: str) -> None:
        """Flush this query and every query it may depend on, in dependency order."""
        for name in ORDER[: ORDER.index(query) + 1]:
            generations = self.pending.pop(name, [])
            self.generation_of.pop(name, None)
            for rows in generations:
                self._send(name, rows)

    def _send(self, name: str, rows: list[dict[str, Any]]) -> None:
        while len(self._in_flight) >= MAX_IN_FLIGHT:
            self._in_flight.popleft().result()  # re-raises a failed write here
        prepared = self.store.prepare_batches(name, rows, self.batch_size)  # on this thread: see __init__
        self._in_flight.append(self._sender.submit(self.store.write_prepared, prepared))
        self.written[name] += len(rows)

    def wait(self) -> None:
        """Wait until the batches already sent are in the graph (rows still waiting stay waiting)."""
        while self._in_flight:
            self._in_flight.popleft().result()

    def flush(self) -> None:
        """Send everything waiting and wait until the graph has it."""
        self._flush_upto(ORDER[-1])
        while self._in_flight:
            self._in_flight.popleft().result()

    def close(self) -> None:
        self._sender.shutdown(wait=True)
