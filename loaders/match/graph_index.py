"""The matcher's index in the graph: one MatchRecord per person record, written with the record.

A MatchRecord keeps what matching needs of a source record and nothing else: the person it
resolved to, its blocking keys and its features, the comparison-ready values (JSON); each key is
also a MatchKey node linked to the records holding it (graph/models/identity.py), so a lookup by key
is an index seek on both engines. A load asks for the blocks of the records it is about to
resolve, one query per batch (``blocks``), and reads the records of the people found there; it
never reads the whole graph, so matching 10,000 records costs the same whether the graph holds
10,000 people or a million, and a delta load with new people reads only their blocks.

``VERSION`` names the features and keys: change it whenever ``features()`` or ``blocking_keys()``
change what they make. A source whose records were indexed under another version (or before there
was an index: ``Source.match_index`` missing) is re-indexed from its RECORDED_IN records the first
time a load needs to match (``reindex``). "keys-2": the keys became MatchKey nodes; a graph written
under "keys-1" has MatchRecords but no MatchKeys, and is re-indexed once. "features-2": the features say
whether a record is of an unborn child (the model never merges one). "keys-3": four more key kinds (a
date of birth alone, a family name with the day and month, a family name's sound with the district, a
postcode alone for a record without a DOB); a graph written before lacks them, and is re-indexed once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from graph import GraphStore
from loaders.identity import stored_identity
from loaders.match.blocking import Key, blocking_keys, cap_of
from loaders.match.features import Features, features, from_stored, to_stored
from loaders.resolve import RecordKey, stable_id

log = logging.getLogger(__name__)
VERSION = "features-2 keys-3"
SEP = "|"
CHUNK = 2_000  # keys or people per lookup query: two in flight, the engine answering one while this
# process parses the answer to the other (at 1M people the engine and the parsing took about as long)


def key_text(key: Key) -> str:
    """The key as MatchKey.uid: ended by SEP, so that it never ends in white space (a date of birth
    kept as text, "NOT KNOWN", makes the year "NOT "): FalkorDB 4.22's server dies on a MERGE of a
    uniquely indexed string with white space at either end (seen here, tests/graph/test_match_keys.py)."""
    return SEP.join(key) + SEP


def match_uid(source: str, record_id: str) -> str:
    return stable_id("m", source, record_id)


def match_row(source: str, record_id: str, f: Features, keys: list[Key]) -> dict[str, Any]:
    """What merge_people (and merge_match_records) keep of a record for matching."""
    return {
        "uid": match_uid(source, record_id),
        "keys": sorted({key_text(k) for k in keys}),
        "features": to_stored(f),
        "version": VERSION,
    }


class GraphRecords:
    """The records the graph held before a load, read by blocking key (loaders/resolve.py
    KnownRecords). ``person_of`` answers for a record of any source (the delta bookkeeping's
    record id -> person, read once per source)."""

    def __init__(self, store: GraphStore, person_of: Callable[[str, str], str | None]) -> None:
        self.store = store
        self._person_of = person_of
        self.queries = 0  # for the benchmark: queries sent, blocks asked, records read
        self.keys_asked = 0
        self.records_read = 0
        self._read: set[str] = set()  # people whose records were read: the matcher holds them since
        self.cleared: dict[str, int] = {}  # per key text answered under its cap: MatchKey.cleared then
        # A graph holding no key when the load first matches (a first load) can answer a lookup only
        # with this load's own records, which PersonIndex holds already: no lookup is sent. Asked, they
        # took a tenth of a first 10k load's time, sharing the engine with its writes (docs/performance.md).
        self.empty = not store.read("count_match_keys")[0]["keys"]

    def blocks(
        self, keys: list[Key]
    ) -> tuple[dict[Key, list[str] | None], dict[str, list[tuple[RecordKey, Features]]]]:
        """Per key its people (None: too many), and the records of those people not read before
        (PersonIndex keeps what it was given, and adds this load's own records itself)."""
        if self.empty:
            return {}, {}
        by_text = {key_text(k): k for k in keys}
        asked = [{"uid": text, "cap": cap_of(k)} for text, k in by_text.items()]
        rows = self._rows("list_match_blocks", "keys", asked)
        people: dict[Key, list[str] | None] = {}
        wanted: dict[str, None] = {}
        bounds: list[dict[str, Any]] = []
        for row in rows:
            key = by_text[row["key"]]
            found = row["people"]
            if found is None:  # over its cap
                people[key] = None
                if (row["people_min"] or 0) < row["seen"]:  # counted over its cap: worth remembering
                    bounds.append({"uid": row["key"], "people": row["seen"], "cleared": row["cleared"]})
            else:
                people[key] = found
                self.cleared[row["key"]] = row["cleared"]
                wanted.update(dict.fromkeys(p for p in found if p not in self._read))
        self._read.update(wanted)
        records: dict[str, list[tuple[RecordKey, Features]]] = {}
        if wanted:
            for row in self._rows("list_match_records", "people", list(wanted)):
                held = [((source, record_id), from_stored(f)) for source, record_id, f in row["records"]]
                records[row["person"]] = held
        if bounds:  # found over its cap by following its links: later lookups need not follow them
            self.store.write_batches("set_match_key_bounds", bounds)
        self.queries += bool(bounds)
        self.keys_asked += len(keys)
        self.records_read += sum(len(r) for r in records.values())
        return people, records

    def _rows(self, name: str, param: str, values: list[Any]) -> Iterator[dict[str, Any]]:
        """The named query's rows for every value, CHUNK values a query, two queries at a time."""
        chunks = [values[n : n + CHUNK] for n in range(0, len(values), CHUNK)]
        self.queries += len(chunks)

        def read(chunk: list[Any]) -> list[dict[str, Any]]:
            return self.store.read(name, **{param: chunk})

        if len(chunks) == 1:  # most lookups of a small graph: no thread for them
            yield from read(chunks[0])
            return
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="match-read") as pool:
            for rows in pool.map(read, chunks):
                yield from rows

    def person_of(self, source: str, record_id: str) -> str | None:
        return self._person_of(source, record_id)

    def write_bounds(self, counted: dict[Key, int]) -> int:
        """Write the bounds of the keys a load's own records took over their caps (PersonIndex.counted),
        once its people are written: a key the lookup found under its cap is bounded only if no write
        cleared its bound since (its MatchKey.cleared as read then); a key the graph did not hold yet,
        only if none did since it was made."""
        rows = []
        for key, people in counted.items():
            text = key_text(key)
            rows.append({"uid": text, "people": people, "cleared": self.cleared.get(text, 0)})
        return self.store.write_batches("set_match_key_bounds", rows) if rows else 0


def indexed(source: str, sources: dict[str, dict]) -> bool:
    """Whether every record of a source (as list_source_state read the sources) has its MatchRecord
    under VERSION: a source the graph does not hold yet will (each record is written with it)."""
    return source not in sources or (sources[source].get("props") or {}).get("match_index") == VERSION


def stale_sources(sources: dict[str, dict]) -> list[str]:
    """The sources whose records are not indexed under VERSION."""
    return sorted(uid for uid in sources if not indexed(uid, sources))


def reindex(store: GraphStore, sources: list[str]) -> int:
    """Write the MatchRecords of these sources' person records again, from what each RECORDED_IN
    says (idempotent: a reindex cut short is done again), then mark each source indexed."""
    written = 0
    for source in sources:
        rows = []
        for row in store.read("list_source_person_records", source=source):
            f = features(stored_identity(row))
            entry = match_row(source, row["record_id"], f, blocking_keys(f))
            rows.append(entry | {"person": row["uid"], "source": source, "record_id": row["record_id"]})
        written += store.write_batches("merge_match_records", rows) if rows else 0
        mark_indexed(store, [source])
        log.info("re-indexed %d records of %s for matching (%s)", len(rows), source, VERSION)
    return written


def mark_indexed(store: GraphStore, sources: list[str]) -> None:
    if sources:
        store.write_batches("set_source_match_index", [{"uid": s, "version": VERSION} for s in sources])
