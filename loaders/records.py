"""One common record per kind: a row's mapped fields checked and normalised.

A bad field is not a bad person: a value that fails its check is dropped (or kept as marked raw text)
and the field is flagged; the record still loads. Only a row that cannot be identified at all (no
source id; neither a name nor a date of birth) or cannot be read is quarantined whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from loaders.errors import FIELD_FLAGGED, RECORD_DROPPED, ROW_QUARANTINED, FieldProblem
from loaders.fields import CHECKS, DATE_FIELDS, check_dob, clean_text, parse_date, postcode_in
from loaders.mapping import Mapping
from loaders.mapping_checks import fold
from loaders.mapping_specs import RECORD_FIELDS, RecordSpec
from loaders.vocab import CODED, NO_NAME, SHIELD_FLAGS, UNBORN_NAME

KEY_FIELDS = {"source_id", "person_source_id", "other_source_id"}  # a record without them is no record
KEPT_AS_WRITTEN = {"practitioner_phone", "practitioner_email"}  # marked, still shown: may be an extension
CODED_WORDS = {"status": "status", "gender": "gender", "type": "relationship type", "shielded": "shield flag"}


@dataclass(frozen=True)
class Record:
    """A validated record: its kind, the row it came from, normalised values, and what was flagged."""

    kind: str
    row: int
    values: dict[str, str]
    raw: dict[str, str] = field(default_factory=dict)  # flagged fields' text as written, e.g. dob
    flagged: tuple[str, ...] = ()  # the fields flagged (their value dropped or kept as marked text)
    person_source: str | None = None  # whose ids person_source_id names (default: the record's source)


@dataclass
class RowResult:
    """What one row makes: its records and the flags on them, or the problems that quarantine it."""

    records: list[Record] = field(default_factory=list)
    flags: list[FieldProblem] = field(default_factory=list)  # the row loads; these fields are flagged
    problems: list[FieldProblem] = field(default_factory=list)  # the row is quarantined
    time_dependent: bool = False  # the outcome depends on today (a date of birth or move in the future)

    @property
    def quarantined(self) -> bool:
        return bool(self.problems)


@dataclass
class _Checked:
    values: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    flags: list[FieldProblem] = field(default_factory=list)
    fatal: list[FieldProblem] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)  # fields given but not readable
    dropped: bool = False
    time_dependent: bool = False


def build_records(
    mapping: Mapping, row_number: int, row: dict[str, str], today: date, kinds: set[str] | None = None
) -> RowResult:
    """All records (of ``kinds``, default all) the mapping makes from one row, with their flags."""
    if "__error__" in row:
        return RowResult(problems=[FieldProblem("(row)", "", row["__error__"])])
    result = RowResult()
    wanted = 0
    for spec in mapping.records:
        if (kinds is not None and spec.kind not in kinds) or _absent(spec, row):
            continue
        wanted += 1
        checked = _check(spec, mapping, row, today)
        result.time_dependent |= checked.time_dependent
        if checked.fatal:
            result.problems.extend(checked.fatal)
        result.flags.extend(checked.flags)
        if not checked.dropped and not checked.fatal:
            flagged = tuple(sorted({_field_of(spec, p.field) for p in checked.flags}))
            result.records.append(
                Record(spec.kind, row_number, checked.values, checked.raw, flagged, spec.person_source)
            )
    if result.problems or (wanted and not result.records):
        result.problems = [_as(p, ROW_QUARANTINED) for p in result.problems + result.flags]
        result.flags, result.records = [], []
    return result


def _field_of(spec: RecordSpec, column: str) -> str:
    return next((name for name, s in spec.fields.items() if s.column == column), column)


def _as(problem: FieldProblem, outcome: str) -> FieldProblem:
    return problem if problem.outcome == outcome else problem.kept(outcome)


def _absent(spec: RecordSpec, row: dict[str, str]) -> bool:
    """A row about a person with no involvement (or no relationship, no address) has every column of
    that record blank: there is no such record, which is not an error."""
    if spec.kind == "person":
        return False
    columns = [f for name, f in spec.fields.items() if f.column and name != "person_source_id"]
    return bool(columns) and not any(f.get(row) for f in columns)


def _check(spec: RecordSpec, mapping: Mapping, row: dict[str, str], today: date) -> _Checked:
    required = RECORD_FIELDS[spec.kind][0]
    out = _Checked()
    unborn = (
        spec.kind == "person" and bool(UNBORN_NAME.match(spec.fields["given_name"].get(row)))
        if "given_name" in spec.fields
        else False
    )
    for name, field_spec in spec.fields.items():
        raw = field_spec.get(row)
        column = field_spec.column or name
        try:
            value = _value(spec, mapping, name, clean_text(raw, name), today, unborn, out)
        except _Refused as e:
            out.fatal.append(FieldProblem(column, raw[:200], str(e)))
            continue
        except ValueError as e:
            out.invalid.add(name)
            problem = FieldProblem(column, raw[:200], str(e), FIELD_FLAGGED)
            if name in KEY_FIELDS:
                out.fatal.append(_as(problem, ROW_QUARANTINED))
            elif name in required:
                out.flags.append(_as(problem, RECORD_DROPPED))
                out.dropped = True
            else:
                out.flags.append(problem)
                if name in KEPT_AS_WRITTEN:
                    out.values[name] = clean_text(raw, name)
                elif raw and "control characters" not in str(e) and len(raw) <= 500:
                    out.raw[name] = raw
            continue
        if not value and name in required:
            problem = FieldProblem(column, raw, f"{name} is required")
            if name in KEY_FIELDS and spec.kind == "person":
                out.fatal.append(problem)
            else:
                out.flags.append(_as(problem, RECORD_DROPPED))
                out.dropped = True
        out.values[name] = value
    for name in SHIELD_FLAGS:
        if name in out.invalid and spec.fields[name].get(row):
            out.values[name] = (
                "yes"  # a shield flag the loader cannot read is taken as shielded: the safe side
            )
    if spec.kind == "person":
        _person(out, unborn)
    if spec.kind == "household" and not (
        out.values.get("household_id") or out.values.get("address") or out.values.get("postcode")
    ):
        out.flags.append(
            FieldProblem("household", "", "needs a household id, an address or a postcode", RECORD_DROPPED)
        )
        out.dropped = True
    if spec.kind == "household" and out.values.get("to", "") > today.isoformat():
        out.time_dependent = True  # "current" turns to "no" on that day
    if spec.kind in ("person", "household") and not out.values.get("postcode") and out.values.get("address"):
        out.values["postcode"] = postcode_in(out.values["address"])
    return out


class _Refused(Exception):
    """A value that refuses the whole row (a ``strict = true`` mapping's unmapped code)."""


def _value(
    spec: RecordSpec, mapping: Mapping, name: str, value: str, today: date, unborn: bool, out: _Checked
) -> str:
    if not value:
        return value
    codes = spec.values.get(name)
    vocabulary = CODED.get(name)
    if codes is not None or vocabulary is not None:
        meaning = codes.get(fold(value)) if codes else None
        if meaning is None and vocabulary is not None and fold(value) in vocabulary:
            meaning = value
        if meaning is None:
            what = CODED_WORDS.get(name, name)
            known = sorted(codes or vocabulary or {})
            shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
            reason = f"{what} {value!r} is not in the mapping's values ({shown})"
            if mapping.strict:
                raise _Refused(reason + "; strict = true refuses the row")
            if vocabulary is not None:
                raise ValueError(reason)
            column = spec.fields[name].column or name
            out.flags.append(FieldProblem(column, value, reason + "; kept as written", FIELD_FLAGGED))
            return value
        value = meaning
        if vocabulary is not None:
            if name == "type":
                out.values["detail"] = value.lower()
            return vocabulary[fold(value)]
    if name in DATE_FIELDS:
        value = parse_date(value, mapping.date_formats)
        if name == "dob":
            if value > today.isoformat():
                out.time_dependent = True
                if unborn:  # pre-birth work: the expected date, not a date of birth
                    out.values["due_date"] = value
                    return ""
            return check_dob(value, today)
        return value
    check = CHECKS.get(name)
    return check(value) if check else value


def _person(out: _Checked, unborn: bool) -> None:
    """Mark a person the source has not named (yet); refuse one nothing identifies."""
    values = out.values
    for name in ("given_name", "family_name"):
        if fold(values.get(name, "")) in NO_NAME:
            values[name] = ""  # "Unknown", "N/K": the source does not know the name
    if unborn:
        values["unborn"] = "yes"
    elif not values.get("given_name") and "given_name" not in out.invalid:
        values["unnamed"] = "yes"  # (a given name too long or garbled to keep is flagged, not "unnamed")
    if not (
        values.get("given_name") or values.get("family_name") or values.get("dob") or values.get("due_date")
    ):
        if not out.fatal and values.get("source_id"):
            out.fatal.append(
                FieldProblem(
                    "(record)",
                    values.get("source_id", ""),
                    "cannot be identified: no name and no date of birth",
                )
            )


def build_facts(mapping: Mapping, row: dict[str, str]) -> tuple[list[dict[str, str]], list[FieldProblem]]:
    """The service-specific facts (``[[facts]]``) one row states; a blank value states no fact. A value
    outside the declared ones states no fact and flags the field; the rest of the row loads."""
    facts, flags = [], []
    for spec in mapping.facts:
        raw = spec.value.get(row)
        column = spec.value.column or spec.kind
        try:
            value = clean_text(raw, "fact")
            if not value:
                continue
            if spec.values and fold(value) not in spec.values:
                raise ValueError(f"{spec.label} {value!r} is not one of {list(spec.values)}")
        except ValueError as e:
            flags.append(FieldProblem(column, raw[:200], str(e), FIELD_FLAGGED))
            continue
        when, detail = "", ""
        try:
            when = clean_text(spec.date.get(row), "date") if spec.date else ""
            when = parse_date(when, mapping.date_formats) if when else ""
        except ValueError as e:
            flags.append(
                FieldProblem(spec.date.column or column, spec.date.get(row)[:200], str(e), FIELD_FLAGGED)
            )
            when = ""
        try:
            detail = clean_text(spec.detail.get(row), "detail").lower() if spec.detail else ""
        except ValueError as e:
            flags.append(FieldProblem(spec.detail.column or column, "", str(e), FIELD_FLAGGED))
        value = fold(value) if spec.values else value
        facts.append({"kind": spec.kind, "label": spec.label, "value": value, "date": when, "detail": detail})
    return facts, flags
