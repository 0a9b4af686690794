"""Agency extracts -> validated records -> matched people -> batched, provenance-tagged graph writes.

Two passes: first every file's person records (so that people are known), then households,
relationships and involvements, which name people by their source record id (their own source's,
or a person index's: ``person_source``). Rows the graph already holds are skipped (loaders/delta.py);
links to people not loaded yet wait in the graph (loaders/pending.py); a full extract marks the
records it no longer lists (loaders/absent.py). The passes are people_pass.py and links_pass.py.
"""

from __future__ import annotations

import logging
from contextlib import closing
from datetime import date
from pathlib import Path

from graph import GraphStore
from loaders.absent import mark_absent
from loaders.delta import HeldSources
from loaders.errors import FileProblem
from loaders.files import finish_load
from loaders.heap import one_load
from loaders.known import LazyIndex
from loaders.links_pass import links_pass, resolve_pending
from loaders.mapping import Mapping, find_mappings, load_mapping
from loaders.match.graph_index import stale_sources
from loaders.match.shared_parents import propose_shared_parents
from loaders.people_pass import Progress, people_pass
from loaders.quarantine import Quarantine
from loaders.register import check_entry, entries, readable
from loaders.report import FileReport, LoadReport
from loaders.retention import apply_retention
from loaders.run import LoadRun
from loaders.writer import BatchWriter

log = logging.getLogger(__name__)
__all__ = ["FileReport", "LoadReport", "load_paths"]


def load_paths(
    store: GraphStore,
    paths: list[Path],
    report_dir: Path,
    today: date | None = None,
    progress: Progress | None = None,
    *,
    force_older: bool = False,
    import_root: Path | None = None,
    require_register: bool = False,
    purposes: list[str] | None = None,
) -> LoadReport:
    """Load every mapping named (or found in the folders named). Safe to re-run, also after a crash.
    A bad mapping or extract stops that file only; the report says which failed and why.

    ``require_register``: a source whose register entry is incomplete is refused (production); else
    each gap is a warning. ``purposes``: those workers may give, to check the register's against.
    Last, facts older than their source's retention period are removed (loaders/retention.py)."""
    today = today or date.today()
    store.schema_install()
    sources = {row["uid"]: row for row in store.read("list_source_state")}
    writer = BatchWriter(store, store.settings.write_batch_size)
    reports: list[FileReport] = []
    mappings: list[tuple[Mapping, FileReport]] = []
    report_dir.mkdir(parents=True, exist_ok=True)
    with Quarantine(report_dir / "quarantine.csv") as quarantine, closing(writer), one_load():
        held = HeldSources(store)
        index = LazyIndex(store, held, stale=stale_sources(sources))
        run = LoadRun(store, index, writer, quarantine, today, held, sources)
        found = find_mappings(paths)
        register = entries(readable(found, import_root), sources)
        for path in found:
            report = FileReport(mapping=str(path))
            reports.append(report)
            try:
                mapping = load_mapping(path, import_root)
                report.source = mapping.source_id
                entry = register[mapping.source_id]
                report.warnings = check_entry(mapping, entry, purposes, today, require_register)
                _check_order(mapping, sources, force_older)
                people_pass(mapping, report, run, progress)
                mappings.append((mapping, report))
            except FileProblem as e:
                _fail(report, quarantine, e)
        writer.flush()
        index.write_bounds()  # the MatchKeys are written now
        for mapping, report in mappings:
            if report.links_to_do:
                try:
                    links_pass(mapping, report, run)
                except FileProblem as e:  # pragma: no cover - the first pass read the same file
                    _fail(report, quarantine, e)
        writer.flush()
        load = LoadReport(reports, report_dir / "quarantine.csv")
        resolved = resolve_pending(run, load)
        load.shared_parents = propose_shared_parents(store, index.model)  # needs the family links
        for mapping, report in mappings:
            if (
                mapping.extract == "full"
                and not report.error
                and not report.skipped_whole
                and not _older(mapping, sources)
            ):
                report.no_longer_held = mark_absent(
                    run.writer, mapping, run.held.of(mapping), run.seen[mapping.path.name], run.writing
                )
        writer.flush()
        finish_load(run, mappings)  # one statement: from here on, nothing of this load is written again
        if resolved:  # only now: a re-run after a kill before finish_load writes these links again
            store.write_batches("delete_pending_links", resolved)
        load.rows_written = sum(writer.written.values()) + len(run.marked) + run.direct_writes + len(resolved)
        load.rows_written += index.reindexed + load.shared_parents
    load.retention = [r.as_dict() for r in apply_retention(store, today)]
    load.write(report_dir / "load_report.json")
    return load


def _fail(report: FileReport, quarantine: Quarantine, e: FileProblem) -> None:
    report.error = str(e)
    quarantine.add_file(e.path, e.reason)
    log.error("%s", e)


def _older(mapping: Mapping, sources: dict[str, dict]) -> bool:
    held = (sources.get(mapping.source_id) or {}).get("extract_date")
    return bool(held) and mapping.extract_date < held


def _check_order(mapping: Mapping, sources: dict[str, dict], force_older: bool) -> None:
    if _older(mapping, sources) and not force_older:
        held = sources[mapping.source_id]["extract_date"]
        raise FileProblem(
            mapping.path,
            f"out-of-order load refused: {mapping.source_id} already holds its extract of {held}, and this "
            f"extract is of {mapping.extract_date}, older. Nothing was loaded from it; to load it anyway "
            "(newer facts are kept), run familynet load --force-older",
        )
