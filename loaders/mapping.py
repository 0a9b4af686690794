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
from loaders.mapping_checks import fold
from loaders.vocab import CODED

SERVICE_TYPES = ("social_care", "early_help", "police", "health", "school", "housing", "youth_justice",
                 "adult_social_care")  # fmt: skip
FORMATS = ("csv", "jsonl", "xlsx")
HASH_VERSION = "2"  # bump when the loader reads the same row differently: forces a rewrite (delta loads)

RECORD_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required fields, optional fields)
    "person": (
        ("source_id",),
        (
            "given_name",
            "family_name",
            "other_names",
            "dob",
            "gender",
            "address",
            "postcode",
            "nhs_number",
            "upn",
        ),
    ),  # fmt: skip
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
    ),  # fmt: skip
}
COVERAGE_KEYS = ("current_as_of", "start", "end", "area", "note")
SOURCE_KEYS = {"id", "name", "agency", "service_type", "authority", "authority_name", "extract_date",
               "coverage", "refresh_days", "extract"}  # fmt: skip
FILE_KEYS = {"path", "format", "encoding", "delimiter", "date_formats", "sheet", "header_row", "strict",
             "person_source"}  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """Where a record field comes from: a column of the extract, or a fixed value."""

    column: str | None = None
    value: str | None = None
    key: str = field(default="", compare=False)  # the column as rows are keyed: folded

    def __post_init__(self) -> None:
        if self.column is not None and not self.key:
            object.__setattr__(self, "key", fold(self.column))

    def get(self, row: dict[str, str]) -> str:
        raw = self.value if self.column is None else row.get(self.key)
        return (raw or "").strip()


@dataclass(frozen=True)
class RecordSpec:
    kind: str
    fields: dict[str, FieldSpec]
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {folded code: value}
    person_source: str | None = None  # whose record ids person_source_id / other_source_id name


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
    columns_used: frozenset[str] = field(default_factory=frozenset)  # folded
    facts: tuple[FactSpec, ...] = ()
    refresh_days: int = 1  # how often a new extract is expected (data-quality "stale" flag)
    extract: str = "partial"  # "full": a record absent from a newer extract is no longer held
    strict: bool = False  # an unmapped code refuses the row instead of flagging the field
    sheet: str | int = 1  # spreadsheets: the sheet's name, or its place (1 = the first)
    header_row: int = 1  # the row the column names are on (rows above it are titles)
    config_hash: str = ""  # what of the mapping shapes the records: part of every row's hash

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
    source_id, name, authority = (check.text(path, "[source]", k, source.get(k), required=True)
                                  for k in ("id", "name", "authority"))  # fmt: skip
    extract_date = check.iso_date(path, "[source]", "extract_date", source.get("extract_date"))
    service_type = check.one_of(
        path, "[source]", "service_type", source.get("service_type"), SERVICE_TYPES, ""
    )
    if not service_type:
        raise FileProblem(path, f"[source] service_type must be one of {', '.join(SERVICE_TYPES)}")
    fmt = check.one_of(path, "[file]", "format", file.get("format"), FORMATS, _format_of(file.get("path")))
    person_source = check.text(path, "[file]", "person_source", file.get("person_source")) or None
    specs = tuple(_record_spec(path, i, r, person_source) for i, r in enumerate(records, start=1))
    coverage = _coverage(path, check.table(path, "[source.coverage]", source.get("coverage")))
    raw_facts = doc.get("facts", [])
    if not isinstance(raw_facts, list):
        raise FileProblem(path, "facts must be [[facts]] tables")
    facts = tuple(_fact_spec(path, i, f) for i, f in enumerate(raw_facts, start=1))
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
        "v": HASH_VERSION, "source": [m.source_id, m.agency, m.service_type, m.authority],
        "records": [[r.kind, sorted((k, s.column, s.value) for k, s in r.fields.items()),
                     sorted((k, sorted(v.items())) for k, v in r.values.items()), r.person_source]
                    for r in m.records],
        "facts": [[f.kind, f.label, f.values, [(s.column, s.value) if s else None
                                               for s in (f.value, f.date, f.detail)]] for f in m.facts],
        "dates": m.date_formats, "strict": m.strict,
    }  # fmt: skip
    return hashlib.blake2b(json.dumps(shape, sort_keys=True).encode(), digest_size=10).hexdigest()


def _fact_spec(path: Path, index: int, raw: object) -> FactSpec:
    """``[[facts]]``: kind, label, column (or value), optional values, date_column, detail_column."""
    table = check.table(path, f"[[facts]] #{index}", raw)
    if not table.get("kind") or not table.get("label"):
        raise FileProblem(path, f'[[facts]] #{index}: needs kind = "..." and label = "..."')
    kind = check.text(path, f"[[facts]] #{index}", "kind", table.get("kind"), required=True)
    where = f"[[facts]] #{index} ({kind})"
    label = check.text(path, where, "label", table.get("label"), required=True)
    check.unknown_keys(path, where, table, {"kind", "label", "column", "value", "values", "date_column",
                                            "detail_column"})  # fmt: skip
    if ("column" in table) == ("value" in table):
        raise FileProblem(path, f'{where}: give column = "..." or value = "..."')
    values = table.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise FileProblem(path, f"{where}: values must be a list of texts")
    date_column = check.text(path, where, "date_column", table.get("date_column"))
    detail_column = check.text(path, where, "detail_column", table.get("detail_column"))
    return FactSpec(
        kind=kind,
        label=label,
        values=tuple(fold(v) for v in values),
        value=FieldSpec(column=check.text(path, where, "column", table["column"], required=True))
        if "column" in table
        else FieldSpec(value=check.text(path, where, "value", table["value"])),
        date=FieldSpec(column=date_column) if date_column else None,
        detail=FieldSpec(column=detail_column) if detail_column else None,
    )


def _record_spec(path: Path, index: int, raw: object, file_person_source: str | None) -> RecordSpec:
    table = raw if isinstance(raw, dict) else {}
    kind = table.get("kind")
    if not isinstance(kind, str) or kind not in RECORD_FIELDS:
        shown = kind if isinstance(raw, dict) else raw
        raise FileProblem(
            path,
            f"[[records]] #{index}: unknown record kind {shown!r}; use one of {', '.join(RECORD_FIELDS)}",
        )
    where = f"[[records]] #{index} ({kind})"
    check.unknown_keys(path, where, table, {"kind", "fields", "values", "person_source"})
    required, optional = RECORD_FIELDS[kind]
    raw_fields = check.table(path, f"{where} fields", table.get("fields"))
    unknown = set(raw_fields) - set(required) - set(optional)
    if unknown:
        raise FileProblem(
            path, f"{where}: unknown fields {sorted(unknown)}; allowed: {[*required, *optional]}"
        )
    missing = [f for f in required if f not in raw_fields]
    if missing:
        raise FileProblem(path, f"{where}: required fields not mapped: {missing}")
    if kind == "person" and not {"given_name", "family_name", "dob"} & set(raw_fields):
        raise FileProblem(path, f"{where}: map at least one of given_name, family_name or dob")
    fields = {name: _field_spec(path, where, name, spec) for name, spec in raw_fields.items()}
    values = _value_maps(path, where, check.table(path, f"{where} values", table.get("values")), fields)
    person_source = check.text(path, where, "person_source", table.get("person_source")) or file_person_source
    if person_source and kind == "person":
        raise FileProblem(
            path, f"{where}: person_source belongs on household, relationship and involvement records"
        )
    return RecordSpec(kind, fields, values, person_source if kind != "person" else None)


def _value_maps(
    path: Path, where: str, raw: dict[str, Any], fields: dict[str, FieldSpec]
) -> dict[str, dict[str, str]]:
    """``[records.values]``: per field, the agency's codes and what they mean ("Open" = "current")."""
    maps: dict[str, dict[str, str]] = {}
    for name, table in raw.items():
        if name not in fields:
            raise FileProblem(path, f"{where} values.{name}: {name} is not one of this record's fields")
        if not isinstance(table, dict) or not table:
            raise FileProblem(path, f'{where} values.{name} must be a table, e.g. {{ "Open" = "current" }}')
        folded: dict[str, str] = {}
        for code, meaning in table.items():
            if not isinstance(meaning, str | int) or isinstance(meaning, bool):
                raise FileProblem(
                    path, f"{where} values.{name}: {code!r} must map to a text, not {meaning!r}"
                )
            meaning = str(meaning)
            vocabulary = CODED.get(name)
            if vocabulary is not None and fold(meaning) not in vocabulary:
                allowed = sorted(set(vocabulary.values()) | set(vocabulary))
                more = " ..." if len(allowed) > 12 else ""
                raise FileProblem(path, f"{where} values.{name}: {code!r} = {meaning!r} is not a {name} the "
                                        f"loader knows; use one of {allowed[:12]}{more}")  # fmt: skip
            if fold(code) in folded and folded[fold(code)] != meaning:
                raise FileProblem(
                    path, f"{where} values.{name}: {code!r} is given twice (case and spaces do not count)"
                )
            folded[fold(code)] = meaning
        maps[name] = folded
    return maps


def _field_spec(path: Path, where: str, name: str, spec: object) -> FieldSpec:
    if isinstance(spec, str) and spec.strip():
        return FieldSpec(column=spec)
    if isinstance(spec, dict) and set(spec) in ({"column"}, {"value"}):
        if "column" in spec:
            return FieldSpec(
                column=check.text(path, f"{where} {name}", "column", spec["column"], required=True)
            )
        return FieldSpec(value=check.text(path, f"{where} {name}", "value", spec["value"]))
    raise FileProblem(
        path, f'{where} field {name}: give a column name, {{ column = "..." }} or {{ value = "..." }}'
    )


def _coverage(path: Path, table: dict[str, Any]) -> dict[str, FieldSpec]:
    check.unknown_keys(
        path, "[source.coverage]", table, set(COVERAGE_KEYS) | {f"{k}_column" for k in COVERAGE_KEYS}
    )
    coverage = {}
    for key in COVERAGE_KEYS:
        if f"{key}_column" in table:
            coverage[key] = FieldSpec(column=check.text(path, "[source.coverage]", f"{key}_column",
                                                        table[f"{key}_column"], required=True))  # fmt: skip
        elif key in table:
            value = table[key]
            value = value.isoformat() if hasattr(value, "isoformat") else value
            coverage[key] = FieldSpec(value=check.text(path, "[source.coverage]", key, value))
    return coverage


def find_mappings(paths: list[Path]) -> list[Path]:
    """Mapping files named directly, or every *.toml in the folders named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        found.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return found
