"""A load's first pass over one file: its person records, validated, matched and written in
batches, rows unchanged since the file's last load skipped, and the source's own row and quality."""

from __future__ import annotations

from collections.abc import Callable

from loaders.absent import Seen
from loaders.delta import Held, hashed_columns, row_hash
from loaders.errors import ROW_QUARANTINED, FieldProblem
from loaders.files import last_rows, short, unchanged_file
from loaders.identity import RecordIdentity, identity
from loaders.mapping import Mapping
from loaders.match.blocking import blocking_keys
from loaders.match.features import features
from loaders.match.graph_index import VERSION as MATCH_INDEX
from loaders.match.graph_index import indexed, match_row
from loaders.match.stored import possible_match_row
from loaders.quality import DobLayouts, quality_row, source_row
from loaders.read import check_whole_file, read_rows
from loaders.records import Record, build_records
from loaders.report import FileReport
from loaders.rows import household_rows, person_row
from loaders.run import LoadRun

Progress = Callable[[str, int], None]  # (file name, rows done so far)
PREPARE_BATCH = 500  # person records resolved together: one query for the blocks they need


def people_pass(mapping: Mapping, report: FileReport, run: LoadRun, progress: Progress | None) -> None:
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
            run.quarantine_row(report, mapping, row_number, result.problems)
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
    row = person_row(mapping, record, resolution, row_h)
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
        run.send(household_rows(mapping, resolution.person, values, run.today))


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
