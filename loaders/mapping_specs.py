"""The parts of a mapping file: which record fields exist, and how each field, record table, fact and
coverage entry is read from TOML and checked (every value, with a message naming the file and key)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders import mapping_checks as check
from loaders.errors import FileProblem
from loaders.mapping_checks import fold
from loaders.vocab import CODED

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
            "shielded",
            "address_shielded",
            "shield_reason",
            "shield_review",
        ),
    ),
    "household": (
        ("person_source_id",),
        ("household_id", "address", "postcode", "from", "to", "shielded", "shield_reason", "shield_review"),
    ),
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


def fact_spec(path: Path, index: int, raw: object) -> FactSpec:
    """``[[facts]]``: kind, label, column (or value), optional values, date_column, detail_column."""
    table = check.table(path, f"[[facts]] #{index}", raw)
    if not table.get("kind") or not table.get("label"):
        raise FileProblem(path, f'[[facts]] #{index}: needs kind = "..." and label = "..."')
    kind = check.text(path, f"[[facts]] #{index}", "kind", table.get("kind"), required=True)
    where = f"[[facts]] #{index} ({kind})"
    label = check.text(path, where, "label", table.get("label"), required=True)
    check.unknown_keys(
        path, where, table, {"kind", "label", "column", "value", "values", "date_column", "detail_column"}
    )
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


def record_spec(path: Path, index: int, raw: object, file_person_source: str | None) -> RecordSpec:
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
    fields = {name: field_spec(path, where, name, spec) for name, spec in raw_fields.items()}
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
                raise FileProblem(
                    path,
                    f"{where} values.{name}: {code!r} = {meaning!r} is not a {name} the "
                    f"loader knows; use one of {allowed[:12]}{more}",
                )
            if fold(code) in folded and folded[fold(code)] != meaning:
                raise FileProblem(
                    path, f"{where} values.{name}: {code!r} is given twice (case and spaces do not count)"
                )
            folded[fold(code)] = meaning
        maps[name] = folded
    return maps


def field_spec(path: Path, where: str, name: str, spec: object) -> FieldSpec:
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


def coverage_spec(path: Path, table: dict[str, Any]) -> dict[str, FieldSpec]:
    check.unknown_keys(
        path, "[source.coverage]", table, set(COVERAGE_KEYS) | {f"{k}_column" for k in COVERAGE_KEYS}
    )
    coverage = {}
    for key in COVERAGE_KEYS:
        if f"{key}_column" in table:
            coverage[key] = FieldSpec(
                column=check.text(
                    path, "[source.coverage]", f"{key}_column", table[f"{key}_column"], required=True
                )
            )
        elif key in table:
            value = table[key]
            value = value.isoformat() if hasattr(value, "isoformat") else value
            coverage[key] = FieldSpec(value=check.text(path, "[source.coverage]", key, value))
    return coverage


REGISTER_TEXT_KEYS = ("agreement", "lawful_basis", "dpia", "data_owner")
REGISTER_KEYS = {*REGISTER_TEXT_KEYS, "agreement_review", "retention", "purposes"}
RETENTION = re.compile(r"^\s*(\d{1,3})\s*(year|years|month|months)\s*$", re.IGNORECASE)
MAX_REGISTER_TEXT = 1000


def register_spec(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    """``[source.register]``: the source's information-governance entry, as the Source keeps it
    (agreement, agreement_review, lawful_basis, dpia, data_owner, retention_months, purposes)."""
    where = "[source.register]"
    check.unknown_keys(path, where, table, REGISTER_KEYS)
    out: dict[str, Any] = {}
    for key in REGISTER_TEXT_KEYS:
        value = check.text(path, where, key, table.get(key))
        if len(value) > MAX_REGISTER_TEXT:
            raise FileProblem(path, f"{where} {key} is longer than {MAX_REGISTER_TEXT} characters")
        if value:
            out[key] = " ".join(value.split())
    if table.get("agreement_review") is not None:
        out["agreement_review"] = check.iso_date(path, where, "agreement_review", table["agreement_review"])
    retention = table.get("retention")
    if retention is not None:
        found = RETENTION.match(retention) if isinstance(retention, str) else None
        if not found or int(found[1]) < 1:
            raise FileProblem(path, f'{where} retention = {retention!r}: write e.g. "6 years" or "18 months"')
        out["retention_months"] = int(found[1]) * (12 if found[2].lower().startswith("year") else 1)
    purposes = table.get("purposes")
    if purposes is not None:
        if (
            not isinstance(purposes, list)
            or not purposes
            or not all(isinstance(p, str) and p.strip() for p in purposes)
        ):
            raise FileProblem(
                path, f'{where} purposes must be a list of the purposes it may be used for, or ["any"]'
            )
        out["purposes"] = [" ".join(p.split()) for p in purposes]
    return out
