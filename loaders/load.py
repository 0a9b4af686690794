"""Agency extracts -> validated records -> matched people -> batched, provenance-tagged graph writes.

Two passes: first every file's person records (so that people are known), then households,
relationships and involvements, which name people by their source record id (their own source's,
or a person index's: ``person_source``). Rows the graph already holds are skipped (loaders/delta.py);
links to people not loaded yet wait in the graph (loaders/pending.py); a full extract marks the
records it no longer lists (loaders/absent.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

from graph import GraphStore
from loaders import rows as to_rows
from loaders.absent import Seen, mark_absent
from loaders.delta import Held, HeldSources, hashed_columns, row_hash
from loaders.errors import FIELD_FLAGGED, RECORD_DROPPED, ROW_QUARANTINED, FieldProblem, FileProblem
from loaders.files import finish_load, last_rows, short, unchanged_file
from loaders.identity import RecordIdentity, identity
from loaders.known import LazyIndex
from loaders.mapping import Mapping, find_mappings, load_mapping
from loaders.match.blocking import blocking_keys
from loaders.match.features import features
from loaders.match.graph_index import VERSION as MATCH_INDEX
from loaders.match.graph_index import indexed, match_row, stale_sources
from loaders.match.shared_parents import propose_shared_parents
from loaders.match.stored import possible_match_row
from loaders.pending import pending_row, resolved_rows
from loaders.quality import DobLayouts, quality_row, source_row
from loaders.quarantine import Quarantine
from loaders.read import check_whole_file, read_rows
from loaders.records import Record, RowResult, build_facts, build_records
from loaders.register import check_entry, entries, readable
from loaders.report import FileReport, LoadReport
from loaders.retention import apply_retention
from loaders.run import LoadRun
from loaders.writer import SHARED_NODE_QUERIES, BatchWriter

log = logging.getLogger(__name__)
Progress = Callable[[str, int], None]  # (file name, rows done so far)
PREPARE_BATCH = 500  # person records resolved together: one query for the blocks they need
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
    with Quarantine(report_dir / "quarantine.csv") as quarantine, closing(writer):
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
                _people_pass(mapping, report, run, progress)
                mappings.append((mapping, report))
            except FileProblem as e:
                _fail(report, quarantine, e)
        writer.flush()
        for mapping, report in mappings:
            if report.links_to_do:
                try:
                    _links_pass(mapping, report, run)
                except FileProblem as e:  # pragma: no cover - the first pass read the same file
                    _fail(report, quarantine, e)
        writer.flush()
        load = LoadReport(reports, report_dir / "quarantine.csv")
        resolved = _resolve_pending(run, load)
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


def _people_pass(mapping: Mapping, report: FileReport, run: LoadRun, progress: Progress | None) -> None:
    raw = check_whole_file(mapping)  # a file refused part-way would leave some of its rows in the graph
    source = source_row(mapping)  # before the file is skipped: a changed register entry is still written
    if indexed(mapping.source_id, run.sources):  # else re-indexed when a record needs matching
        source["props"]["match_index"] = MATCH_INDEX
    if _changed(source["props"], run.sources.get(mapping.source_id)):
        run.writing(mapping)
        run.writer.add("merge_sources", source)
    if unchanged_file(mapping, report, run, raw):
        return
    columns = hashed_columns(mapping)
    seen = run.seen.setdefault(mapping.path.name, Seen())
    duplicates: dict[str, tuple[int, int]] = {}  # record id -> (row, fingerprint) within this file
    people: list[tuple[Record, RecordIdentity, str]] = []  # resolved and written a batch at a time
    layouts = DobLayouts(mapping)
    previous = last_rows(mapping, run)  # this file's rows at its last completed load (None: write all)
    held = run.held.of(mapping) if mapping.extract == "full" and previous is not None else None
    for row_number, row in read_rows(mapping):
        report.read += 1
        if progress and report.read % 1000 == 0:
            progress(mapping.path.name, report.read)
        plain = timed = ""
        if "__error__" not in row:
            plain = row_hash(mapping, columns, row)
            hit = _hit(plain, held, previous)
            if hit is None and previous:
                timed = row_hash(mapping, columns, row, run.today)
                hit = _hit(timed, held, previous)
                report.time_dependent |= hit is not None
            if hit is not None:
                report.row_hashes[row_number] = short(timed or plain)
                report.unchanged += 1
                report.loaded += 1
                report.skipped_rows.add(row_number)
                seen.rows(hit)
                layouts.add(row)
                continue
        result = build_records(mapping, row_number, row, run.today)
        person = next((r for r in result.records if r.kind == "person"), None)
        if person is not None:
            result.problems = _duplicate_problem(person, duplicates, mapping)
        if result.quarantined:
            _quarantine(report, run.quarantine, mapping, row_number, result.problems)
            seen.refused(mapping, row)
            continue
        layouts.add(row)
        report.time_dependent |= result.time_dependent
        if result.time_dependent or person is None:
            row_h = (timed or row_hash(mapping, columns, row, run.today)) if result.time_dependent else plain
            report.row_hashes[row_number] = short(row_h)
        if any(r.kind != "person" for r in result.records):
            report.links_to_do += 1
            if result.time_dependent:
                report.time_rows.add(row_number)
        if person is None:
            continue  # a row of links only: the second pass reports it whole
        run.quarantine.flag(mapping.data_path, row_number, result.flags)
        report.flagged += len(result.flags)
        row_h = (timed or row_hash(mapping, columns, row, run.today)) if result.time_dependent else plain
        report.row_hashes[row_number] = short(row_h)
        people.append((person, identity(person.values, person.raw), row_h))
        if len(people) >= PREPARE_BATCH:
            _write_people(mapping, people, report, run)
        if len(result.records) == 1:
            report.loaded += 1
    _write_people(mapping, people, report, run)
    if progress:
        progress(mapping.path.name, report.read)
    quality = quality_row(mapping, layouts)
    if quality is not None and _changed(quality["props"], run.sources.get(mapping.source_id)):
        run.writing(mapping)
        run.writer.add("merge_source_quality", quality)


def _hit(row_h: str, held: Held | None, previous: set[str] | None) -> list | None:
    """The records an unchanged row wrote (an empty list when only its file remembers it), or None: a
    row is unchanged when the last completed load of its file read it; in a full extract, also when
    the source's records still hold its hash (they say which records it lists)."""
    if previous is None or short(row_h) not in previous:
        return None
    return held.hit(row_h) if held is not None else []


def _changed(props: dict, held: dict | None) -> bool:
    stored = (held or {}).get("props") or {}
    return any(stored.get(k) != v for k, v in props.items())


def _write_people(
    mapping: Mapping, people: list[tuple[Record, RecordIdentity, str]], report: FileReport, run: LoadRun
) -> None:
    """Resolve and write a batch of person records, in file order, after asking the graph once for
    the blocks the batch's new records need (loaders/known.py)."""
    run.index.prepare([(mapping.source_id, r.values["source_id"], i) for r, i, _ in people])
    for record, ident, row_h in people:
        _write_person(mapping, record, ident, report, run, row_h)
    people.clear()


def _write_person(
    mapping: Mapping, record: Record, ident: RecordIdentity, report: FileReport, run: LoadRun, row_h: str
) -> None:
    values = record.values
    run.writing(mapping)
    resolution = run.index.resolve(mapping.source_id, values["source_id"], ident)
    if resolution.new:
        report.new_people += 1
    elif not resolution.known:
        report.matched += 1
    report.possible_matches += len(resolution.possible)
    row = to_rows.person_row(mapping, record, resolution, row_h)
    key = (mapping.source_id, values["source_id"])
    f = resolution.features or features(ident)
    row["match"] = match_row(*key, f, resolution.keys or blocking_keys(f))
    row["possible"] = [  # written with the person, in the same query: see merge_people
        possible_match_row(resolution.person, key, c.person, c.explanation, c.record, resolution.model)
        for c in resolution.possible
    ]
    run.writer.add("merge_people", row)
    run.seen[mapping.path.name].person(values["source_id"])
    if values.get("address"):  # a postcode alone covers many homes: it is kept on the person only
        _send(run.writer, to_rows.household_rows(mapping, resolution.person, values, run.today))


def _links_pass(mapping: Mapping, report: FileReport, run: LoadRun) -> None:
    columns = hashed_columns(mapping)
    seen = run.seen[mapping.path.name]
    for row_number, row in read_rows(mapping):
        if row_number in report.bad_rows or row_number in report.skipped_rows:
            continue
        result = build_records(mapping, row_number, row, run.today)
        links = [r for r in result.records if r.kind != "person"]
        if not links:
            continue
        row_h = row_hash(mapping, columns, row, run.today if row_number in report.time_rows else None)
        made, waiting, problems = _link_writes(mapping, links, row, row_h, run, result)
        has_person = len(links) < len(result.records)
        if not made and not waiting and not has_person:
            _quarantine(report, run.quarantine, mapping, row_number, result.flags + problems)
            seen.refused(mapping, row)
            continue
        flags = ([] if has_person else result.flags) + [_dropped(p) for p in problems]
        run.quarantine.flag(mapping.data_path, row_number, flags)
        report.flagged += len(flags)
        run.writing(mapping)
        _send(run.writer, made)
        for person_source, ids, rows in waiting:
            run.writer.add("merge_pending_links", pending_row(mapping, person_source, ids, rows, row_h))
        report.pending += bool(waiting)
        seen.involvements(made + [r for _, _, rows in waiting for r in rows])
        report.loaded += 1


def _link_writes(
    mapping: Mapping, links: list[Record], row: dict[str, str], row_h: str, run: LoadRun, result: RowResult
) -> tuple[to_rows.Rows, list[tuple[str, list[str], to_rows.Rows]], list[FieldProblem]]:
    """The writes a row's link records make now, those that wait for another source's people, and why
    any cannot load. A row's facts go with its involvement, wherever that goes."""
    made: to_rows.Rows = []
    waiting: list[tuple[str, list[str], to_rows.Rows]] = []
    problems: list[FieldProblem] = []
    facts, fact_flags = build_facts(mapping, row) if mapping.facts else ([], [])
    problems.extend(fact_flags)  # reported with the second pass's own findings
    for record in links:
        found = to_rows.link_rows(mapping, record, run.index, run.today, row_h)
        if found.problem:
            problems.append(found.problem)
            continue
        rows = found.rows + to_rows.fact_rows(mapping, found.rows, facts)
        if found.waiting:
            waiting.append((record.person_source or mapping.source_id, found.waiting, rows))
        else:
            made.extend(rows)
    return made, waiting, problems


def _resolve_pending(run: LoadRun, load: LoadReport) -> list[dict[str, str]]:
    """Write the pending links whose people have arrived; returns those to delete once this load is
    finished (a load killed before that writes them again when it is run again)."""
    pending = run.store.read("list_pending_links")
    if not pending:
        return []
    done, waiting = [], {}
    for item in pending:
        rows = resolved_rows(item, run.index.person_of)
        if rows is None:
            key = f"{item['source']} -> {item['person_source']}"
            waiting[key] = waiting.get(key, 0) + 1
            continue
        _send(run.writer, rows)
        done.append({"uid": item["uid"]})
    load.pending_resolved = len(done)
    load.pending_waiting = [
        f"{key}: {n} link(s) waiting for records of {key.split(' -> ')[1]} not loaded yet"
        for key, n in sorted(waiting.items())
    ]
    return done


def _dropped(problem: FieldProblem) -> FieldProblem:
    return problem if problem.outcome == FIELD_FLAGGED else problem.kept(RECORD_DROPPED)


def _send(writer: BatchWriter, rows: to_rows.Rows) -> None:
    for query, row in rows:
        if query in SHARED_NODE_QUERIES:
            writer.add_shared(query, row)
        else:
            writer.add(query, row)


def _duplicate_problem(
    record: Record, seen: dict[str, tuple[int, int]], mapping: Mapping
) -> list[FieldProblem]:
    spec = next(s for s in mapping.records if s.kind == "person")
    record_id = record.values["source_id"]
    fingerprint = hash(tuple(sorted(record.values.items())))
    first = seen.setdefault(record_id, (record.row, fingerprint))
    if first[1] == fingerprint:
        return []
    return [
        FieldProblem(
            spec.fields["source_id"].column or "source_id",
            record_id,
            f"duplicate source id: row {first[0]} has the same id with different details",
            ROW_QUARANTINED,
        )
    ]


def _quarantine(
    report: FileReport, quarantine: Quarantine, mapping: Mapping, row: int, problems: list[FieldProblem]
) -> None:
    report.bad_rows.add(row)
    report.row_hashes.pop(row, None)
    quarantine.add(mapping.data_path, row, [p.kept(ROW_QUARANTINED) for p in problems])
