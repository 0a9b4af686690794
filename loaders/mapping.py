"""Mapping files (TOML): how one agency extract's columns become familynet records. See docs/mappings.md."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import FileProblem

SERVICE_TYPES = (
    "social_care",
    "early_help",
    "police",
    "health",
    "school",
    "housing",
    "youth_justice",
    "adult_social_care",
)

RECORD_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required fields, optional fields)
    "person": (
        ("source_id", "family_name", "given_name"),
        ("other_names", "dob", "gender", "address", "postcode", "nhs_number", "upn"),
    ),
    "household": (("person_source_id",), ("household_id", "address", "postcode", "from", "to")),
    "relationship": (("person_source_id", "other_source_id", "type"), ("from", "to")),
    "involvement": (
        ("person_source_id", "service"),
        (
            "involvement_id",
            "team",
            "practitioner_name",
            "practitioner_role",
            "practitioner_phone",
            "practitioner_email",
            "start",
            "end",
            "last_contact",
            "status",
            "reason",
        ),
    ),
}
COVERAGE_KEYS = ("current_as_of", "start", "end", "area", "note")


@dataclass(frozen=True)
class FieldSpec:
    """Where a record field comes from: a column of the extract, or a fixed value."""

    column: str | None = None
    value: str | None = None

    def get(self, row: dict[str, str]) -> str:
        raw = self.value if self.column is None else row.get(self.column)
        return (raw or "").strip()


@dataclass(frozen=True)
class RecordSpec:
    kind: str
    fields: dict[str, FieldSpec]


@dataclass(frozen=True)
class FactSpec:
    """A service-specific fact a source states about an involvement: "Rent arrears: open"."""

    kind: str  # e.g. rent_arrears; the disclosure rules name kinds
    label: str  # shown to workers: "Rent arrears"
    values: tuple[str, ...]  # allowed values, lower case; empty: any text
    value: FieldSpec
    date: FieldSpec | None = None
    detail: FieldSpec | None = None  # e.g. "convicted" / "suspect", or weeks of arrears


@dataclass(frozen=True)
class Mapping:
    path: Path
    source_id: str
    source_name: str
    agency: str
    service_type: str
    authority: str
    authority_name: str
    extract_date: str
    coverage: dict[str, FieldSpec]
    data_path: Path
    format: str
    encoding: str
    delimiter: str
    date_formats: tuple[str, ...]
    records: tuple[RecordSpec, ...]
    columns_used: frozenset[str] = field(default_factory=frozenset)
    facts: tuple[FactSpec, ...] = ()
    refresh_days: int = 1  # how often a new extract is expected (data-quality "stale" flag)

    def kinds(self) -> set[str]:
        return {r.kind for r in self.records}


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every problem names the file and what to change."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise FileProblem(path, "mapping file not found") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise FileProblem(path, f"not valid TOML: {e}") from e
    source, file, records = doc.get("source"), doc.get("file"), doc.get("records")
    if not isinstance(source, dict) or not isinstance(file, dict) or not isinstance(records, list):
        raise FileProblem(path, "a mapping needs [source], [file] and at least one [[records]] table")
    for key in ("id", "name", "authority", "extract_date"):
        if not source.get(key):
            raise FileProblem(path, f'[source] needs {key} = "..."')
    service_type = source.get("service_type", "")
    if service_type not in SERVICE_TYPES:
        raise FileProblem(path, f"[source] service_type must be one of {', '.join(SERVICE_TYPES)}")
    if not file.get("path"):
        raise FileProblem(path, '[file] needs path = "the extract, relative to this mapping"')
    fmt = file.get("format", "csv")
    if fmt not in ("csv", "jsonl"):
        raise FileProblem(path, f'[file] format {fmt!r} is not supported; use "csv" or "jsonl"')
    specs = tuple(_record_spec(path, i, r) for i, r in enumerate(records, start=1))
    coverage = _coverage(path, source.get("coverage", {}))
    facts = tuple(_fact_spec(path, i, f) for i, f in enumerate(doc.get("facts", []), start=1))
    if facts and "involvement" not in {r.kind for r in specs}:
        raise FileProblem(path, "[[facts]] belong to an involvement: add an involvement [[records]] table")
    used = {s.column for r in specs for s in r.fields.values() if s.column}
    used |= {s.column for f in facts for s in (f.value, f.date, f.detail) if s and s.column}
    used |= {s.column for s in coverage.values() if s.column}
    return Mapping(
        path=path,
        source_id=str(source["id"]),
        source_name=str(source["name"]),
        agency=str(source.get("agency", "")),
        service_type=service_type,
        authority=str(source["authority"]),
        authority_name=str(source.get("authority_name", source["authority"])),
        extract_date=str(source["extract_date"]),
        coverage=coverage,
        data_path=(path.parent / file["path"]),
        format=fmt,
        encoding=_encoding(path, file.get("encoding", "utf-8")),
        delimiter=str(file.get("delimiter", ",")),
        date_formats=tuple(file.get("date_formats", ())),
        records=specs,
        columns_used=frozenset(used),
        facts=facts,
        refresh_days=_refresh_days(path, source.get("refresh_days", 1)),
    )


def _refresh_days(path: Path, value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise FileProblem(path, "[source] refresh_days must be a whole number of days, 1 or more")


def _fact_spec(path: Path, index: int, table: object) -> FactSpec:
    """``[[facts]]``: kind, label, column (or value), optional values, date_column, detail_column."""
    if not isinstance(table, dict) or not table.get("kind") or not table.get("label"):
        raise FileProblem(path, f'[[facts]] #{index}: needs kind = "..." and label = "..."')
    unknown = set(table) - {"kind", "label", "column", "value", "values", "date_column", "detail_column"}
    if unknown:
        raise FileProblem(path, f"[[facts]] #{index} ({table['kind']}): unknown keys {sorted(unknown)}")
    if ("column" in table) == ("value" in table):
        raise FileProblem(path, f'[[facts]] #{index} ({table["kind"]}): give column = "..." or value = "..."')
    values = table.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise FileProblem(path, f"[[facts]] #{index} ({table['kind']}): values must be a list of texts")
    return FactSpec(
        kind=str(table["kind"]),
        label=str(table["label"]),
        values=tuple(v.strip().lower() for v in values),
        value=FieldSpec(column=str(table["column"]))
        if "column" in table
        else FieldSpec(value=str(table["value"])),
        date=FieldSpec(column=str(table["date_column"])) if table.get("date_column") else None,
        detail=FieldSpec(column=str(table["detail_column"])) if table.get("detail_column") else None,
    )


def _record_spec(path: Path, index: int, table: object) -> RecordSpec:
    if not isinstance(table, dict) or table.get("kind") not in RECORD_FIELDS:
        kind = table.get("kind") if isinstance(table, dict) else table
        raise FileProblem(
            path, f"[[records]] #{index}: unknown record kind {kind!r}; use one of {', '.join(RECORD_FIELDS)}"
        )
    kind = table["kind"]
    required, optional = RECORD_FIELDS[kind]
    raw_fields = table.get("fields", {})
    unknown = set(raw_fields) - set(required) - set(optional)
    if unknown:
        raise FileProblem(path, f"[[records]] #{index} ({kind}): unknown fields {sorted(unknown)}")
    missing = [f for f in required if f not in raw_fields]
    if missing:
        raise FileProblem(path, f"[[records]] #{index} ({kind}): required fields not mapped: {missing}")
    return RecordSpec(kind, {name: _field_spec(path, name, spec) for name, spec in raw_fields.items()})


def _field_spec(path: Path, name: str, spec: object) -> FieldSpec:
    if isinstance(spec, str):
        return FieldSpec(column=spec)
    if isinstance(spec, dict) and ("column" in spec) != ("value" in spec):
        return FieldSpec(column=spec.get("column"), value=None if "column" in spec else str(spec["value"]))
    raise FileProblem(path, f'field {name}: give a column name, {{ column = "..." }} or {{ value = "..." }}')


def _coverage(path: Path, table: dict) -> dict[str, FieldSpec]:
    coverage = {}
    for key in COVERAGE_KEYS:
        if f"{key}_column" in table:
            coverage[key] = FieldSpec(column=str(table[f"{key}_column"]))
        elif key in table:
            coverage[key] = FieldSpec(value=str(table[key]))
    unknown = set(table) - set(COVERAGE_KEYS) - {f"{k}_column" for k in COVERAGE_KEYS}
    if unknown:
        raise FileProblem(path, f"[source.coverage]: unknown keys {sorted(unknown)}")
    return coverage


def _encoding(path: Path, name: str) -> str:
    import codecs

    try:
        codec = codecs.lookup(name).name
    except LookupError as e:
        raise FileProblem(path, f"[file] encoding {name!r} is not a known text encoding") from e
    return "utf-8-sig" if codec == "utf-8" else codec  # accept a BOM in UTF-8 files


def find_mappings(paths: list[Path]) -> list[Path]:
    """Mapping files named directly, or every *.toml in the folders named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        found.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return found
