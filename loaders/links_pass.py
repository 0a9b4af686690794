"""A load's second pass over one file: its households, relationships and involvements (with their
facts), which name people the first pass made known; then the links that were waiting for them."""

from __future__ import annotations

from loaders.delta import hashed_columns, row_hash
from loaders.errors import FIELD_FLAGGED, RECORD_DROPPED, FieldProblem
from loaders.link_rows import fact_rows, link_rows
from loaders.mapping import Mapping
from loaders.pending import pending_row, resolved_rows
from loaders.read import read_rows
from loaders.records import Record, RowResult, build_facts, build_records
from loaders.report import FileReport, LoadReport
from loaders.rows import Rows
from loaders.run import LoadRun


def links_pass(mapping: Mapping, report: FileReport, run: LoadRun) -> None:
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
            run.quarantine_row(report, mapping, row_number, result.flags + problems)
            seen.refused(mapping, row)
            continue
        flags = ([] if has_person else result.flags) + [_dropped(p) for p in problems]
        run.quarantine.flag(mapping.data_path, row_number, flags)
        report.flagged += len(flags)
        run.writing(mapping)
        run.send(made)
        for person_source, ids, rows in waiting:
            run.writer.add("merge_pending_links", pending_row(mapping, person_source, ids, rows, row_h))
        report.pending += bool(waiting)
        seen.involvements(made + [r for _, _, rows in waiting for r in rows])
        report.loaded += 1


def _link_writes(
    mapping: Mapping, links: list[Record], row: dict[str, str], row_h: str, run: LoadRun, result: RowResult
) -> tuple[Rows, list[tuple[str, list[str], Rows]], list[FieldProblem]]:
    """The writes a row's link records make now, those that wait for another source's people, and why
    any cannot load. A row's facts go with its involvement, wherever that goes."""
    made: Rows = []
    waiting: list[tuple[str, list[str], Rows]] = []
    problems: list[FieldProblem] = []
    facts, fact_flags = build_facts(mapping, row) if mapping.facts else ([], [])
    problems.extend(fact_flags)  # reported with the second pass's own findings
    for record in links:
        found = link_rows(mapping, record, run.index, run.today, row_h)
        if found.problem:
            problems.append(found.problem)
            continue
        rows = found.rows + fact_rows(mapping, found.rows, facts)
        if found.waiting:
            waiting.append((record.person_source or mapping.source_id, found.waiting, rows))
        else:
            made.extend(rows)
    return made, waiting, problems


def resolve_pending(run: LoadRun, load: LoadReport) -> list[dict[str, str]]:
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
        run.send(rows)
        done.append({"uid": item["uid"]})
    load.pending_resolved = len(done)
    load.pending_waiting = [
        f"{key}: {n} link(s) waiting for records of {key.split(' -> ')[1]} not loaded yet"
        for key, n in sorted(waiting.items())
    ]
    return done


def _dropped(problem: FieldProblem) -> FieldProblem:
    return problem if problem.outcome == FIELD_FLAGGED else problem.kept(RECORD_DROPPED)
