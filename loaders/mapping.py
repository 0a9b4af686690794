"""Mapping files (TOML): how one agency extract's columns become familynet records. See docs/mappings.md.

Every value is checked here (loaders/mapping_checks.py), so a mistake in a mapping stops that one file
with a message naming the file and the key, and the rest of a folder still loads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders import mapping_checks as check
from loaders.errors import FileProblem
from loaders.mapping_specs import (
    FactSpec,
    FieldSpec,
    RecordSpec,
    coverage_spec,
    fact_spec,
    record_spec,
    register_spec,
)
from rules.register import RegisterEntry

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
FORMATS = ("csv", "jsonl", "xlsx")
HASH_VERSION = "2"  # bump when the loader reads the same row differently: forces a rewrite (delta loads)

SOURCE_KEYS = {
    "id",
    "name",
    "agency",
    "service_type",
    "authority",
    "authority_name",
    "extract_date",
    "coverage",
    "refresh_days",
    "extract",
    "register",
}
FILE_KEYS = {
    "path",
    "format",
    "encoding",
    "delimiter",
    "date_formats",
    "sheet",
    "header_row",
    "strict",
    "person_source",
}


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
    columns_used: frozenset[str] = field(default_factory=frozenset)  # folded
    facts: tuple[FactSpec, ...] = ()
    refresh_days: int = 1  # how often a new extract is expected (data-quality "stale" flag)
    extract: str = "partial"  # "full": a record absent from a newer extract is no longer held
    strict: bool = False  # an unmapped code refuses the row instead of flagging the field
    sheet: str | int = 1  # spreadsheets: the sheet's name, or its place (1 = the first)
    header_row: int = 1  # the row the column names are on (rows above it are titles)
    config_hash: str = ""  # what of the mapping shapes the records: part of every row's hash
    register: dict[str, Any] = field(default_factory=dict)  # [source.register], as the Source keeps it

    @property
    def register_entry(self) -> RegisterEntry:
        return RegisterEntry.of(self.register)

    def kinds(self) -> set[str]:
        return {r.kind for r in self.records}

    def column_names(self) -> dict[str, str]:
        """Folded column -> the mapping's own spelling (for messages)."""
        specs = [s for r in self.records for s in r.fields.values()]
        specs += [s for f in self.facts for s in (f.value, f.date, f.detail) if s]
        specs += list(self.coverage.values())
        return {s.key: s.column for s in specs if s.column}


def load_mapping(path: Path, import_root: Path | None = None) -> Mapping:
    """Read and check a mapping file; every problem names the file and what to change."""
    try:
        return _load(path, import_root)
    except FileProblem:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as e:  # a check we lack
        raise FileProblem(path, f"the mapping could not be understood ({type(e).__name__}: {e})") from e


def _load(path: Path, import_root: Path | None) -> Mapping:
    doc = check.read_toml(path)
    check.unknown_keys(path, "the mapping", doc, {"source", "file", "records", "facts"})
    check.no_placeholder(path, doc)
    source, file = (
        check.table(path, "[source]", doc.get("source")),
        check.table(path, "[file]", doc.get("file")),
    )
    records = doc.get("records")
    if not source or not file or not isinstance(records, list) or not records:
        raise FileProblem(path, "a mapping needs [source], [file] and at least one [[records]] table")
    check.unknown_keys(path, "[source]", source, SOURCE_KEYS)
    check.unknown_keys(path, "[file]", file, FILE_KEYS)
    source_id, name, authority = (
        check.text(path, "[source]", k, source.get(k), required=True) for k in ("id", "name", "authority")
    )
    extract_date = check.iso_date(path, "[source]", "extract_date", source.get("extract_date"))
    service_type = check.one_of(
        path, "[source]", "service_type", source.get("service_type"), SERVICE_TYPES, ""
    )
    if not service_type:
        raise FileProblem(path, f"[source] service_type must be one of {', '.join(SERVICE_TYPES)}")
    fmt = check.one_of(path, "[file]", "format", file.get("format"), FORMATS, _format_of(file.get("path")))
    person_source = check.text(path, "[file]", "person_source", file.get("person_source")) or None
    specs = tuple(record_spec(path, i, r, person_source) for i, r in enumerate(records, start=1))
    coverage = coverage_spec(path, check.table(path, "[source.coverage]", source.get("coverage")))
    raw_facts = doc.get("facts", [])
    if not isinstance(raw_facts, list):
        raise FileProblem(path, "facts must be [[facts]] tables")
    facts = tuple(fact_spec(path, i, f) for i, f in enumerate(raw_facts, start=1))
    if facts and "involvement" not in {r.kind for r in specs}:
        raise FileProblem(path, "[[facts]] belong to an involvement: add an involvement [[records]] table")
    used = {s.key for r in specs for s in r.fields.values() if s.column}
    used |= {s.key for f in facts for s in (f.value, f.date, f.detail) if s and s.column}
    used |= {s.key for s in coverage.values() if s.column}
    mapping = Mapping(
        path=path,
        source_id=source_id,
        source_name=name,
        agency=check.text(path, "[source]", "agency", source.get("agency")),
        service_type=service_type,
        authority=authority,
        authority_name=check.text(path, "[source]", "authority_name", source.get("authority_name"))
        or authority,
        extract_date=extract_date,
        coverage=coverage,
        data_path=check.data_path(path, file.get("path"), import_root),
        format=fmt,
        encoding=check.encoding(path, file.get("encoding")),
        delimiter=check.delimiter(path, file.get("delimiter")),
        date_formats=check.date_formats(path, file.get("date_formats")),
        records=specs,
        columns_used=frozenset(used),
        facts=facts,
        refresh_days=check.whole_number(path, "[source]", "refresh_days", source.get("refresh_days"), 1),
        extract=check.one_of(
            path, "[source]", "extract", source.get("extract"), ("partial", "full"), "partial"
        ),
        strict=check.flag(path, "[file]", "strict", file.get("strict")),
        sheet=check.sheet(path, file.get("sheet")),
        header_row=check.whole_number(path, "[file]", "header_row", file.get("header_row"), 1),
        register=register_spec(path, check.table(path, "[source.register]", source.get("register"))),
    )
    object.__setattr__(mapping, "config_hash", _config_hash(mapping))
    return mapping


def _format_of(name: object) -> str:
    suffix = Path(name).suffix.lower() if isinstance(name, str) else ""
    return {".jsonl": "jsonl", ".xlsx": "xlsx"}.get(suffix, "csv")


def _config_hash(m: Mapping) -> str:
    """Everything of the mapping that shapes what a row becomes (not the extract date: an unchanged
    row in a newer extract is not rewritten; not the coverage: the Source is written on its own)."""
    shape: dict[str, Any] = {
        "v": HASH_VERSION,
        "source": [m.source_id, m.agency, m.service_type, m.authority],
        "records": [
            [
                r.kind,
                sorted((k, s.column, s.value) for k, s in r.fields.items()),
                sorted((k, sorted(v.items())) for k, v in r.values.items()),
                r.person_source,
            ]
            for r in m.records
        ],
        "facts": [
            [
                f.kind,
                f.label,
                f.values,
                [(s.column, s.value) if s else None for s in (f.value, f.date, f.detail)],
            ]
            for f in m.facts
        ],
        "dates": m.date_formats,
        "strict": m.strict,
    }
    return hashlib.blake2b(json.dumps(shape, sort_keys=True).encode(), digest_size=10).hexdigest()


def find_mappings(paths: list[Path]) -> list[Path]:
    """Mapping files named directly, or every *.toml in the folders named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        found.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return found
