"""The records a model is trained on: the graph's source records, or extracts not yet loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph import GraphStore
from loaders.errors import FileProblem
from loaders.identity import identity, stored_identity
from loaders.mapping import find_mappings, load_mapping
from loaders.matching import Identity
from loaders.read import read_rows
from loaders.records import build_records

RecordKey = tuple[str, str]


def graph_records(store: GraphStore) -> list[tuple[RecordKey, Identity]]:
    return [((r["source"], r["record_id"]), stored_identity(r)) for r in store.read("list_person_records")]


def extract_records(paths: list[Path], today: date) -> list[tuple[RecordKey, Identity]]:
    """Every person record the mappings' extracts hold that would load (checked as a load checks)."""
    out: list[tuple[RecordKey, Identity]] = []
    for path in find_mappings(paths):
        mapping = load_mapping(path)
        if "person" not in mapping.kinds():
            continue
        seen: set[str] = set()
        for number, row in read_rows(mapping):
            result = build_records(mapping, number, row, today)
            for record in result.records if not result.quarantined else []:
                if record.kind != "person":
                    continue
                record_id = record.values["source_id"]
                if record_id not in seen:
                    seen.add(record_id)
                    out.append(((mapping.source_id, record_id), identity(record.values, record.raw)))
    if not out:
        raise FileProblem(paths[0] if paths else Path("."), "no person records to train on")
    return out
