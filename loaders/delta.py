"""Delta loads: every row's hash is kept with what it wrote, so a re-load skips the rows that say
what the graph already holds.

The hash covers the row's raw text in every column the mapping reads, and the mapping's own shape
(``Mapping.config_hash``: fields, value maps, date formats, strictness), so a changed mapping rewrites
every row. A row is skipped only when the last *completed* load of its own file read it (the file's
entry on its Source, loaders/files.py, written by a load's last statement together with clearing its
sources' loading marks): a load killed part-way has changed no entry, so running it again writes again
exactly the rows it wrote, and the graph becomes the graph of a load that was never killed. A full
extract also looks the row up among its source's records, to know which records it still lists.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from graph import GraphStore
from loaders.mapping import Mapping

# What a load keeps to skip work next time, not what any source said: two graphs loaded from the same
# facts through different files (another encoding, the bad rows taken out) differ only in these.
BOOKKEEPING = ("hash", "row_hashes", "loaded_files", "loading")
LINK_KINDS = {"household", "relationship"}  # rows of these alone keep their hash on the link


def row_hash(
    mapping: Mapping, columns: tuple[str, ...], row: dict[str, str], today: date | None = None
) -> str:
    """``<source>:<hex>`` of what a row says under this mapping; with ``today`` for a row whose outcome
    depends on the day (a date of birth or a move in the future)."""
    text = "\x1f".join(
        [mapping.config_hash, today.isoformat() if today else "", *(row.get(c, "") for c in columns)]
    )
    return f"{mapping.source_id}:{hashlib.blake2b(text.encode(), digest_size=12).hexdigest()}"


def file_digest(mapping: Mapping, raw: bytes, today: date | None = None) -> str:
    """The whole extract's hash with its mapping's shape (and the day, if a row's outcome depends on it):
    a file whose digest the graph holds from a completed load is skipped without reading its rows."""
    digest = hashlib.blake2b(raw, digest_size=16)
    digest.update(f"\x1f{mapping.config_hash}\x1f{today.isoformat() if today else ''}".encode())
    return digest.hexdigest()


def loaded_files(props: dict | None) -> dict[str, dict]:
    """The files a source's completed loads recorded: mapping file name -> digest and counts."""
    found = {}
    for entry in (props or {}).get("loaded_files") or []:
        doc = json.loads(entry)
        found[doc["file"]] = doc
    return found


def hashed_columns(mapping: Mapping) -> tuple[str, ...]:
    return tuple(sorted(mapping.columns_used))


@dataclass
class Held:
    """What the graph holds of one source before this load: its records and their rows' hashes."""

    hashes: set[str] = field(default_factory=set)
    by_hash: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    records: dict[tuple[str, str, str], str | None] = field(default_factory=dict)  # (kind, uid, id) -> gone
    pending: set[str] = field(default_factory=set)
    persons: dict[str, str] = field(default_factory=dict)  # record id -> person uid

    def hit(self, row_hash: str) -> list[tuple[str, str, str]] | None:
        """The records a row with this hash last wrote (possibly none: a link), or None if no load did."""
        if row_hash in self.hashes or row_hash in self.pending:
            return self.by_hash.get(row_hash, [])
        return None


class HeldSources:
    """Read lazily, once per source per load."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._held: dict[str, Held] = {}
        self._links: set[str] = set()
        self._pending: set[str] | None = None
        self._persons: dict[str, dict[str, str]] = {}

    def persons(self, source: str) -> dict[str, str]:
        """Record id -> person uid for the person records a source held when the load began."""
        if source not in self._persons:
            rows = self.store.read("list_record_persons", source=source)
            self._persons[source] = {row["record_id"]: row["uid"] for row in rows}
        return self._persons[source]

    def of(self, mapping: Mapping) -> Held:
        source = mapping.source_id
        held = self._records(source)
        if mapping.kinds() <= LINK_KINDS and source not in self._links:
            self._links.add(source)
            for row in self.store.read("list_link_hashes", prefix=f"{source}:"):
                held.hashes.add(f"{source}:{row['hash'].rsplit(':', 1)[1]}")  # "<source>:<row key>:<hex>"
        if self._pending is None:
            self._pending = {r["hash"] for r in self.store.read("list_pending_links")}
        held.pending = self._pending
        return held

    def _records(self, source: str) -> Held:
        if source not in self._held:
            held = Held()
            for row in self.store.read("list_source_records", source=source):
                key = (row["kind"], row["uid"], row["record_id"])
                held.records[key] = row["gone"]
                if row["hash"] and not row["gone"]:  # a record no longer held is written again
                    held.hashes.add(row["hash"])
                    held.by_hash[row["hash"]].append(key)
            self._held[source] = held
        return self._held[source]
