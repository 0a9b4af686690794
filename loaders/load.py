"""Agency extracts -> validated records -> matched people -> batched, provenance-tagged graph writes.

Two passes: first every file's person records (so that people are known), then households,
relationships and involvements, which name people by their source record id.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from graph import GraphStore
from loaders import rows as to_rows
from loaders.errors import FieldProblem, FileProblem
from loaders.mapping import Mapping, find_mappings, load_mapping
from loaders.match.review import load_model, read_decisions
from loaders.match.stored import possible_match_row
from loaders.quarantine import Quarantine
from loaders.read import check_whole_file, read_rows
from loaders.records import Record, build_facts, build_records, parse_date
from loaders.resolve import PersonIndex
from loaders.writer import SHARED_NODE_QUERIES, BatchWriter

log = logging.getLogger(__name__)
Progress = Callable[[str, int], None]  # (file name, rows done so far)


@dataclass
class FileReport:
    mapping: str
    source: str = ""
    read: int = 0
    loaded: int = 0
    new_people: int = 0
    matched: int = 0
    possible_matches: int = 0
    error: str | None = None
    bad_rows: set[int] = field(default_factory=set, repr=False)  # row numbers sent to quarantine

    @property
    def quarantined(self) -> int:
        return len(self.bad_rows)

    @property
    def conserved(self) -> bool:
        """Every row read was either loaded or quarantined, once."""
        return self.read == self.loaded + self.quarantined


@dataclass
class LoadReport:
    files: list[FileReport]
    quarantine_path: Path

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


@dataclass
class _Run:
    """What every step of one load shares."""

    index: PersonIndex
    writer: BatchWriter
    quarantine: Quarantine
    today: date


def load_paths(
    store: GraphStore,
    paths: list[Path],
    report_dir: Path,
    today: date | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load every mapping named (or found in the folders named). Safe to re-run, also after a crash."""
    today = today or date.today()
    settings = store.settings
    store.schema_install()
    index = PersonIndex(
        settings.match_threshold,
        settings.possible_match_threshold,
        load_model(settings),
        read_decisions(store),
    )
    for row in store.read("list_person_records"):
        index.add(row["uid"], row["source"], row["record_id"], to_rows.stored_identity(row))
    writer = BatchWriter(store, settings.write_batch_size)
    reports: list[FileReport] = []
    mappings: list[tuple[Mapping, FileReport]] = []
    report_dir.mkdir(parents=True, exist_ok=True)
    with Quarantine(report_dir / "quarantine.csv") as quarantine, closing(writer):
        run = _Run(index, writer, quarantine, today)
        for path in find_mappings(paths):
            report = FileReport(mapping=str(path))
            reports.append(report)
            try:
                mapping = load_mapping(path)
                report.source = mapping.source_id
                _people_pass(mapping, report, run, progress)
                mappings.append((mapping, report))
            except FileProblem as e:
                report.error = str(e)
                quarantine.add_file(e.path, e.reason)
                log.error("%s", e)
        writer.flush()
        for mapping, report in mappings:
            if mapping.kinds() - {"person"}:
                try:
                    _links_pass(mapping, report, run)
                except FileProblem as e:  # pragma: no cover - the first pass read the same file
                    report.error = str(e)
        writer.flush()
    return LoadReport(reports, report_dir / "quarantine.csv")


def _people_pass(mapping: Mapping, report: FileReport, run: _Run, progress: Progress | None) -> None:
    check_whole_file(mapping)  # a file refused part-way would leave some of its rows in the graph
    run.writer.add("merge_sources", _source_row(mapping))
    id_column = next((s.fields["source_id"].column for s in mapping.records if s.kind == "person"), None)
    seen: dict[str, tuple[int, int]] = {}  # record id -> (row, fingerprint) within this file
    dob_formats: Counter[str] = Counter()  # raw DOB layouts, for the data-quality report
    dob_spec = next((s.fields.get("dob") for s in mapping.records if s.kind == "person"), None)
    for row_number, row in read_rows(mapping):
        report.read += 1
        if progress and report.read % 1000 == 0:
            progress(mapping.path.name, report.read)
        records, problems = build_records(mapping, row_number, row, run.today)
        for record in records:
            if record.kind == "person" and not problems:
                problems = _duplicate_problem(record, seen, id_column or "source_id")
        if problems:
            _quarantine(report, run.quarantine, mapping, row_number, problems)
            continue
        for record in records:
            if record.kind == "person":
                _write_person(mapping, record, report, run)
                if dob_spec is not None and record.values.get("dob"):
                    dob_formats[dob_layout(dob_spec.get(row), mapping.date_formats)] += 1
        if not mapping.kinds() - {"person"}:
            report.loaded += 1
    if progress:
        progress(mapping.path.name, report.read)
    if dob_spec is not None or not mapping.kinds() - {"person"}:  # a relationships-only file says nothing
        run.writer.add("merge_source_quality", _quality_row(mapping, dob_formats))


def dob_layout(raw: str, formats: tuple[str, ...]) -> str:
    """Which of the mapping's formats a raw date was written in (the first that reads it)."""
    for fmt in ("%Y-%m-%d", *formats):
        try:
            datetime.strptime(raw.strip(), fmt)
        except ValueError:
            continue
        return fmt
    return "other"


def _quality_row(mapping: Mapping, dob_formats: Counter[str]) -> dict:
    """What only the raw extract can tell (the graph keeps ISO dates): how consistently DOBs were written.

    Counted at load time and kept on the Source, so the quality report reads the graph alone."""
    main, in_main = dob_formats.most_common(1)[0] if dob_formats else ("", 0)
    return {"uid": mapping.source_id, "extract_date": mapping.extract_date, "props": {
        "dob_values": sum(dob_formats.values()), "dob_main_format": main, "dob_in_main_format": in_main,
        "refresh_days": mapping.refresh_days}}  # fmt: skip


def _write_person(mapping: Mapping, record: Record, report: FileReport, run: _Run) -> None:
    values = record.values
    writer = run.writer
    resolution = run.index.resolve(mapping.source_id, values["source_id"], to_rows.identity(values))
    if resolution.new:
        report.new_people += 1
    elif not resolution.known:
        report.matched += 1
    report.possible_matches += len(resolution.possible)
    row = to_rows.person_row(mapping, values, resolution)
    row["possible"] = [possible_match_row(resolution.person, (mapping.source_id, values["source_id"]),
                                          c.person, c.explanation, c.record, resolution.model)
                       for c in resolution.possible]  # fmt: skip  # written with the person: see merge_people
    writer.add("merge_people", row)
    if values.get("address"):  # a postcode alone covers many homes: it is kept on the person only
        _send(writer, to_rows.household_rows(mapping, resolution.person, values, run.today))


def _links_pass(mapping: Mapping, report: FileReport, run: _Run) -> None:
    link_kinds = mapping.kinds() - {"person"}
    for row_number, row in read_rows(mapping):
        if row_number in report.bad_rows:
            continue
        records, problems = build_records(mapping, row_number, row, run.today, link_kinds)
        made: to_rows.Rows = []
        for record in records:
            rows, problem = to_rows.link_rows(mapping, record, run.index, run.today)
            if problem:
                problems.append(problem)
            made.extend(rows)
        if mapping.facts:
            facts, fact_problems = build_facts(mapping, row)
            problems.extend(fact_problems)
            made.extend(to_rows.fact_rows(mapping, made, facts))
        if problems:
            _quarantine(report, run.quarantine, mapping, row_number, problems)
            continue
        _send(run.writer, made)
        report.loaded += 1


def _send(writer: BatchWriter, rows: to_rows.Rows) -> None:
    for query, row in rows:
        if query in SHARED_NODE_QUERIES:
            writer.add_shared(query, row)
        else:
            writer.add(query, row)


def _duplicate_problem(record: Record, seen: dict[str, tuple[int, int]], column: str) -> list[FieldProblem]:
    record_id = record.values["source_id"]
    fingerprint = hash(tuple(sorted(record.values.items())))
    first = seen.setdefault(record_id, (record.row, fingerprint))
    if first[1] == fingerprint:
        return []
    return [
        FieldProblem(
            column,
            record_id,
            f"duplicate source id: row {first[0]} has the same id with different details",
        )
    ]


def _quarantine(
    report: FileReport, quarantine: Quarantine, mapping: Mapping, row: int, problems: list[FieldProblem]
) -> None:
    report.bad_rows.add(row)
    quarantine.add(mapping.data_path, row, problems)


def _source_row(mapping: Mapping) -> dict:
    first_row: dict[str, str] = {}
    if any(spec.column for spec in mapping.coverage.values()):
        first_row = next((row for _, row in read_rows(mapping) if "__error__" not in row), {})
    coverage = {}
    for key, spec in mapping.coverage.items():
        value = spec.get(first_row)
        if value and key in ("current_as_of", "start", "end"):
            try:
                value = parse_date(value, mapping.date_formats)
            except ValueError as e:
                raise FileProblem(mapping.data_path, f"coverage {key}: {e}") from e
        coverage[key] = value
    return to_rows.source_row(mapping, coverage)
