"""``familynet check``: read and validate extracts by their mappings without writing anything, so a
data officer sees before a load what it would do: per file the counts, the first problems of each
field and the fields flagged, and whether the source's register entry is complete (refused in
production when it is not, as the load would refuse it; a warning otherwise)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from loaders.errors import FileProblem
from loaders.mapping import Mapping, find_mappings, load_mapping
from loaders.read import check_whole_file, read_rows
from loaders.records import build_facts, build_records
from loaders.register import check_entry, entries, readable

FIRST = 3  # problems shown per field


@dataclass
class FileCheck:
    mapping: Path
    source: str = ""
    data: str = ""
    error: str | None = None
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    flagged: int = 0
    pending: int = 0  # links to another source's people not in the files checked: a load keeps them waiting
    records: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # field -> "row n: ..."
    counts: Counter[str] = field(default_factory=Counter)  # field -> problems found
    quarantine_examples: list[str] = field(default_factory=list)
    not_checked: set[str] = field(default_factory=set)  # other sources whose ids were not checked
    warnings: list[str] = field(default_factory=list)  # the register entry's gaps and doubts

    def note(self, row: int, column: str, value: str, reason: str) -> None:
        self.counts[column] += 1
        if len(self.examples[column]) < FIRST:
            shown = f"{value!r}: " if value and value not in reason else ""
            self.examples[column].append(f"row {row}: {shown}{reason}")


def check_paths(
    paths: list[Path],
    today: date,
    import_root: Path | None = None,
    require_register: bool = False,
    purposes: list[str] | None = None,
) -> list[FileCheck]:
    checks: list[FileCheck] = []
    mappings: list[tuple[Mapping, FileCheck]] = []
    found = find_mappings(paths)
    register = entries(readable(found, import_root), {})
    for path in found:
        result = FileCheck(path)
        checks.append(result)
        try:
            mapping = load_mapping(path, import_root)
            result.source, result.data = mapping.source_id, str(mapping.data_path)
            entry = register[mapping.source_id]
            result.warnings = check_entry(mapping, entry, purposes, today, require_register)
            check_whole_file(mapping)
            mappings.append((mapping, result))
        except FileProblem as e:
            result.error = str(e)
    people: dict[str, set[str]] = defaultdict(set)  # the person ids each source's checked files give
    for mapping, _ in mappings:
        for spec in (s for s in mapping.records if s.kind == "person"):
            for _, row in read_rows(mapping):
                if "__error__" not in row:
                    people[mapping.source_id].add(" ".join(spec.fields["source_id"].get(row).split()))
    for mapping, result in mappings:
        try:
            _check_file(mapping, result, people, today)
        except FileProblem as e:
            result.error = str(e)
    return checks


def _check_file(mapping: Mapping, result: FileCheck, people: dict[str, set[str]], today: date) -> None:
    for row_number, row in read_rows(mapping):
        result.read += 1
        outcome = build_records(mapping, row_number, row, today)
        if outcome.quarantined:
            result.quarantined += 1
            if len(result.quarantine_examples) < FIRST * 3:
                reasons = "; ".join(f"{p.field}: {p.reason}" for p in outcome.problems)
                result.quarantine_examples.append(f"row {row_number}: {reasons}")
            continue
        flags = list(outcome.flags)
        if mapping.facts and any(r.kind == "involvement" for r in outcome.records):
            flags += build_facts(mapping, row)[1]
        kept = 0
        for record in outcome.records:
            owner = record.person_source or mapping.source_id
            ids = [
                record.values.get(k, "")
                for k in ("person_source_id", "other_source_id")
                if k in record.values
            ]
            if record.kind != "person" and owner not in people:
                result.not_checked.add(owner)
            elif record.kind != "person" and any(i not in people[owner] for i in ids):
                missing = next(i for i in ids if i not in people[owner])
                if owner == mapping.source_id:
                    flags.append(_missing(record.kind, missing, owner))
                    continue
                result.pending += 1  # a load keeps it pending until that person is loaded
                result.note(
                    row_number,
                    "(pending)",
                    missing,
                    f"waits for {owner} record {missing!r}, not in the files checked",
                )
            result.records[record.kind] += 1
            kept += 1
        if not kept:
            result.quarantined += 1
            if len(result.quarantine_examples) < FIRST * 3:
                result.quarantine_examples.append(f"row {row_number}: " + "; ".join(p.reason for p in flags))
            continue
        result.loaded += 1
        result.flagged += len(flags)
        for p in flags:
            result.note(row_number, p.field, p.value, p.reason)


def _missing(kind: str, record_id: str, source: str):  # noqa: ANN202 - a FieldProblem
    from loaders.errors import RECORD_DROPPED, FieldProblem

    return FieldProblem(
        "person_source_id",
        record_id,
        f"{kind}: no person record {record_id!r} in source {source}",
        RECORD_DROPPED,
    )


def render(checks: list[FileCheck]) -> str:
    """What the command prints: a short block per file."""
    lines = []
    for c in checks:
        lines.append(f"{c.mapping.name}" + (f" -> {Path(c.data).name} (source {c.source})" if c.data else ""))
        if c.error:
            lines += [f"  REFUSED: {c.error}", ""]
            continue
        lines += [f"  WARNING: {w}" for w in c.warnings]
        lines.append(
            f"  rows read {c.read:,}: would load {c.loaded:,}, quarantine {c.quarantined:,}; "
            f"fields flagged {c.flagged:,} (records kept)"
        )
        lines.append(
            "  records: " + (", ".join(f"{k} {n:,}" for k, n in sorted(c.records.items())) or "none")
        )
        if c.counts:
            lines.append("  fields flagged and links waiting (first problems):")
            for column, n in c.counts.most_common():
                lines.append(f"    {column} ({n:,}):")
                lines += [f"      {example}" for example in c.examples[column]]
        if c.quarantine_examples:
            lines.append("  rows quarantined (first):")
            lines += [f"    {example}" for example in c.quarantine_examples]
        for source in sorted(c.not_checked):
            lines.append(
                f"  ids of {source} not checked: its person file is not among those checked "
                "(the load links them when that source's people are loaded)"
            )
        lines.append("")
    return "\n".join(lines)
