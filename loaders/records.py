"""One common record per kind: a row's mapped fields checked and normalised, or the problems found."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from stdnum.gb import nhs

from loaders.errors import FieldProblem
from loaders.mapping import RECORD_FIELDS, Mapping, RecordSpec

POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_LENGTH = {"address": 500, "reason": 500, "other_names": 300}
DEFAULT_MAX_LENGTH = 200
DATE_FIELDS = {"dob", "from", "to", "start", "end", "last_contact"}
RELATIONSHIP_TYPES = {
    "parent": "parent",
    "mother": "parent",
    "father": "parent",
    "step-parent": "parent",
    "stepparent": "parent",
    "stepmother": "parent",
    "stepfather": "parent",
    "child": "child",
    "son": "child",
    "daughter": "child",
    "sibling": "sibling",
    "brother": "sibling",
    "sister": "sibling",
    "half-sibling": "sibling",
    "half sibling": "sibling",
    "step-sibling": "sibling",
    "stepsibling": "sibling",
    "partner": "partner",
    "spouse": "partner",
    "husband": "partner",
    "wife": "partner",
    "ex-partner": "ex-partner",
    "ex partner": "ex-partner",
    "former partner": "ex-partner",
    "carer": "carer",
    "foster carer": "carer",
    "kinship carer": "carer",
    "guardian": "carer",
    "special guardian": "carer",
}
STATUS = {
    "current": "current",
    "open": "current",
    "active": "current",
    "ongoing": "current",
    "historic": "historic",
    "closed": "historic",
    "ended": "historic",
    "inactive": "historic",
}


@dataclass(frozen=True)
class Record:
    """A validated record: its kind, the row it came from, and normalised field values."""

    kind: str
    row: int
    values: dict[str, str]


def build_records(
    mapping: Mapping, row_number: int, row: dict[str, str], today: date, kinds: set[str] | None = None
) -> tuple[list[Record], list[FieldProblem]]:
    """All records (of ``kinds``, default all) the mapping makes from one row, or every problem with
    it (then nothing of the row loads)."""
    if "__error__" in row:
        return [], [FieldProblem("(row)", "", row["__error__"])]
    records, problems = [], []
    for spec in mapping.records:
        if (kinds is not None and spec.kind not in kinds) or _absent(spec, row):
            continue
        values, found = _check(spec, mapping, row, today)
        problems.extend(found)
        records.append(Record(spec.kind, row_number, values))
    return ([], problems) if problems else (records, [])


def _absent(spec: RecordSpec, row: dict[str, str]) -> bool:
    """A row about a person with no involvement (or no relationship, no address) has every column of
    that record blank: there is no such record, which is not an error."""
    if spec.kind == "person":
        return False
    columns = [f for name, f in spec.fields.items() if f.column and name != "person_source_id"]
    return bool(columns) and not any(f.get(row) for f in columns)


def _check(
    spec: RecordSpec, mapping: Mapping, row: dict[str, str], today: date
) -> tuple[dict[str, str], list[FieldProblem]]:
    required = RECORD_FIELDS[spec.kind][0]
    values: dict[str, str] = {}
    problems: list[FieldProblem] = []
    for name, field_spec in spec.fields.items():
        raw = field_spec.get(row)
        try:
            value = clean_text(raw, name)
            if value and name in DATE_FIELDS:
                value = parse_date(value, mapping.date_formats)
            if name == "type":
                values["detail"] = value.lower()
            value = _normalise(spec.kind, name, value, today)
        except ValueError as e:
            problems.append(FieldProblem(field_spec.column or name, raw[:200], str(e)))
            continue
        if not value and name in required:
            problems.append(FieldProblem(field_spec.column or name, raw, f"{name} is required"))
        values[name] = value
    if spec.kind == "household" and not (
        values.get("household_id") or values.get("address") or values.get("postcode")
    ):
        problems.append(FieldProblem("household", "", "needs a household id, an address or a postcode"))
    if spec.kind in ("person", "household") and not values.get("postcode") and values.get("address"):
        values["postcode"] = postcode_in(values["address"])
    return values, problems


def clean_text(raw: str, name: str) -> str:
    """Trim, fold inner whitespace (not in addresses), refuse control characters and huge values."""
    if raw.isascii() and raw.isprintable() and len(raw) <= DEFAULT_MAX_LENGTH:
        return " ".join(raw.split())  # the common case, fast: plain one-line ASCII
    if CONTROL.search(raw):
        raise ValueError("contains control characters")
    limit = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
    if len(raw) > limit:
        raise ValueError(f"is {len(raw)} characters long; at most {limit} are accepted")
    text = unicodedata.normalize("NFC", raw.strip())
    if name == "address":
        return ", ".join(part.strip() for part in re.split(r"[\r\n]+", text) if part.strip())
    return " ".join(text.split())


@lru_cache(maxsize=100_000)
def parse_date(value: str, formats: tuple[str, ...]) -> str:
    """ISO date, or ValueError naming why: no format fits, not a real date, or ambiguous.

    Cached: extracts repeat the same dates many times, and strptime is slow."""
    candidates = {}
    for fmt in ("%Y-%m-%d", *formats):
        try:
            candidates[fmt] = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    distinct = set(candidates.values())
    if len(distinct) > 1:
        shown = " or ".join(sorted(d.isoformat() for d in distinct))
        raise ValueError(f"date {value!r} is ambiguous ({shown}); the mapping's date_formats allow both")
    if not distinct:
        tried = ", ".join(("%Y-%m-%d", *formats))
        raise ValueError(f"{value!r} is not a real date in the mapping's date_formats ({tried})")
    return distinct.pop().isoformat()


def _normalise(kind: str, name: str, value: str, today: date) -> str:
    if not value:
        return value
    if name == "dob" and value > today.isoformat():
        raise ValueError(f"date of birth {value} is in the future")
    if name == "dob" and value < "1900-01-01":
        raise ValueError(f"date of birth {value} is before 1900")
    if name == "postcode":
        found = postcode_in(value)
        if not found:
            raise ValueError(f"{value!r} is not a UK postcode")
        return found
    if name == "nhs_number":
        digits = re.sub(r"[\s-]", "", value)
        if not nhs.is_valid(digits):
            raise ValueError(f"{value!r} is not a valid NHS number (10 digits with a check digit)")
        return digits
    if name == "type":
        kind_of = RELATIONSHIP_TYPES.get(value.lower())
        if kind_of is None:
            raise ValueError(f"relationship type {value!r} is not one of {sorted(set(RELATIONSHIP_TYPES))}")
        return kind_of
    if name == "status":
        status = STATUS.get(value.lower())
        if status is None:
            raise ValueError(f"status {value!r} is not current or historic")
        return status
    if name == "gender":
        return {"m": "male", "f": "female"}.get(value.lower(), value.lower())
    return value


def postcode_in(text: str) -> str:
    """The last UK postcode in a text, normalised as 'SK4 1AA'; '' when there is none."""
    matches = POSTCODE.findall(text.upper())
    return f"{matches[-1][0]} {matches[-1][1]}" if matches else ""


def build_facts(mapping: Mapping, row: dict[str, str]) -> tuple[list[dict[str, str]], list[FieldProblem]]:
    """The service-specific facts (``[[facts]]``) one row states; a blank value states no fact."""
    facts, problems = [], []
    for spec in mapping.facts:
        raw = spec.value.get(row)
        column = spec.value.column or spec.kind
        try:
            value = clean_text(raw, "fact")
            if not value:
                continue
            if spec.values and value.lower() not in spec.values:
                raise ValueError(f"{spec.label} {value!r} is not one of {list(spec.values)}")
            when = clean_text(spec.date.get(row), "date") if spec.date else ""
            if when:
                column = spec.date.column or column
                when = parse_date(when, mapping.date_formats)
            detail = clean_text(spec.detail.get(row), "detail").lower() if spec.detail else ""
        except ValueError as e:
            problems.append(FieldProblem(column, raw[:200], str(e)))
            continue
        value = value.lower() if spec.values else value
        facts.append({"kind": spec.kind, "label": spec.label, "value": value, "date": when, "detail": detail})
    return facts, problems
