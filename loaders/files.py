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
    if not run.held.trusted(mapping):
        return False
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
    """The hashes of the rows the last completed load of this very file read (short), or None when a
    row-level comparison must ask the graph (a full extract needs its records; a source cut short)."""
    if mapping.extract == "full" or not run.held.trusted(mapping):
        return None
    last = loaded_files((run.sources.get(mapping.source_id) or {}).get("props")).get(mapping.path.name)
    if last is None or "rows" not in last:
        return None
    rows = last["rows"]
    return {rows[i : i + 16] for i in range(0, len(rows), 16)}


def record_files(run: LoadRun, mappings: list[tuple[Mapping, FileReport]]) -> None:
    """After every write is in: keep on each source the digest and counts of each file that loaded, so
    the next load skips a file that has not changed. A load cut short before this records nothing."""
    by_source: dict[str, dict[str, dict]] = {}
    for mapping, report in mappings:
        if report.error or not report.digest:
            continue
        if report.skipped_whole:
            by_source.setdefault(
                mapping.source_id, dict(loaded_files((run.sources.get(mapping.source_id) or {}).get("props")))
            )
            continue
        files = by_source.setdefault(
            mapping.source_id, dict(loaded_files((run.sources.get(mapping.source_id) or {}).get("props")))
        )
        digest = report.digest
        if report.time_dependent and not report.skipped_whole:
            digest = file_digest(mapping, mapping.data_path.read_bytes(), run.today)
        files[mapping.path.name] = {
            "file": mapping.path.name,
            "digest": digest,
            "read": report.read,
            "quarantined": report.quarantined,
            "rows": "".join(report.row_hashes.values()),
        }
    for source, files in by_source.items():
        entries = sorted(json.dumps(doc, sort_keys=True) for doc in files.values())
        held = sorted((run.sources.get(source) or {}).get("props", {}).get("loaded_files") or [])
        if entries != held:
            run.store.write("set_source_files", uid=source, files=entries)
            run.direct_writes += 1
