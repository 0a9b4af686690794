"""Whole files in delta loads: an extract byte for byte as its source's last completed load read it
(under the same mapping) is skipped without reading a row; after a load, each source keeps the digest
and counts of every file it read."""

from __future__ import annotations

import json

from loaders.delta import file_digest, loaded_files
from loaders.mapping import Mapping
from loaders.report import FileReport
from loaders.run import LoadRun


def unchanged_file(mapping: Mapping, report: FileReport, run: LoadRun, raw: bytes) -> bool:
    """An extract byte for byte as its source's last completed load read it (under the same mapping):
    nothing to read or write. Its counts are those of that load."""
    report.digest = file_digest(mapping, raw)
    last = loaded_files((run.sources.get(mapping.source_id) or {}).get("props")).get(mapping.path.name)
    if last is None or last["digest"] not in (report.digest, file_digest(mapping, raw, run.today)):
        return False
    report.read = report.loaded = report.unchanged = last["read"]
    report.loaded -= last["quarantined"]
    report.quarantined_before = last["quarantined"]
    report.digest = last["digest"]
    report.skipped_whole = True
    return True


def short(row_hash: str) -> str:
    """What a file's entry keeps of a row's hash: 16 hex digits (64 bits) are plenty within one file."""
    return row_hash.rsplit(":", 1)[1][:16]


def last_rows(mapping: Mapping, run: LoadRun) -> set[str] | None:
    """The hashes of the rows the last completed load of this very file read (short), or None when no
    completed load read it: then every row is written."""
    last = loaded_files((run.sources.get(mapping.source_id) or {}).get("props")).get(mapping.path.name)
    if last is None or "rows" not in last:
        return None
    rows = last["rows"]
    return {rows[i : i + 16] for i in range(0, len(rows), 16)}


def finish_load(run: LoadRun, mappings: list[tuple[Mapping, FileReport]]) -> None:
    """After every write is in, in one statement (a load killed at any point leaves all of it or none):
    keep on each source the digest, counts and row hashes of each file that loaded, so that the next
    load skips what has not changed, and clear the loading mark of each source this load wrote or
    found cut short. Until this statement is in, each file's entry is its last *completed* load's,
    so a re-run writes again exactly the rows this load wrote (a load cut short records nothing)."""
    by_source: dict[str, dict[str, dict]] = {}
    for mapping, report in mappings:
        if report.error or not report.digest:
            continue
        files = by_source.setdefault(
            mapping.source_id, dict(loaded_files((run.sources.get(mapping.source_id) or {}).get("props")))
        )
        if report.skipped_whole:
            continue
        digest = report.digest
        if report.time_dependent:
            digest = file_digest(mapping, mapping.data_path.read_bytes(), run.today)
        files[mapping.path.name] = {
            "file": mapping.path.name,
            "digest": digest,
            "read": report.read,
            "quarantined": report.quarantined,
            "rows": "".join(report.row_hashes.values()),
        }
    rows = []
    for source in sorted(set(by_source) | run.marked):
        entries = sorted(json.dumps(doc, sort_keys=True) for doc in by_source.get(source, {}).values())
        state = run.sources.get(source) or {}
        held = sorted(state.get("props", {}).get("loaded_files") or [])
        changed = source in by_source and entries != held
        if changed or source in run.marked or state.get("loading"):
            rows.append({"uid": source, "files": entries if changed else None})
    if rows:
        run.store.write("set_sources_loaded", rows=rows)
        run.direct_writes += 1
