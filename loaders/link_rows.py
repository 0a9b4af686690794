"""Household, relationship and involvement records -> their merge_* rows, with the facts a row
states. A record naming another source's people that no load has brought yet waits (loaders/pending.py).
Pure functions, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from loaders.errors import FieldProblem
from loaders.mapping import Mapping
from loaders.records import Record
from loaders.resolve import PersonIndex, stable_id
from loaders.rows import Rows, household_rows, link_hash
from loaders.writer import RELATIONSHIP_QUERIES

SYMMETRIC = {"sibling", "partner", "ex-partner"}
PENDING = "\x00pending:"  # stands for a person another source has not yet named (see loaders/pending.py)


@dataclass
class Links:
    """What a household, relationship or involvement record makes, or why it cannot load. ``waiting``:
    the ids of another source's people it names that no load has brought yet (its rows are kept
    pending in the graph and written when they arrive)."""

    rows: Rows = field(default_factory=list)
    problem: FieldProblem | None = None
    waiting: list[str] = field(default_factory=list)


def link_rows(mapping: Mapping, record: Record, index: PersonIndex, today: date, row_hash: str) -> Links:
    values = record.values
    links = Links()
    owner = record.person_source or mapping.source_id

    def person(field_name: str) -> str | None:
        found = index.person_of(owner, values[field_name])
        if found is None and owner != mapping.source_id:
            links.waiting.append(values[field_name])
            return PENDING + values[field_name]
        if found is None:
            links.problem = _unknown(field_name, values[field_name], owner)
        return found

    who = person("person_source_id")
    if who is None:
        return links
    if record.kind == "household":
        links.rows = household_rows(mapping, who, values, today, row_hash, shield_flag="shielded")
    elif record.kind == "relationship":
        other = person("other_source_id")
        if other is not None:
            links.rows, links.problem = _relationship(mapping, who, other, values, row_hash)
    else:
        links.rows = _involvement(mapping, who, record, row_hash)
    return links


def _relationship(
    mapping: Mapping, person: str, other: str, values: dict[str, str], row_hash: str
) -> tuple[Rows, FieldProblem | None]:
    if other == person:
        return [], FieldProblem(
            "other_source_id",
            values["other_source_id"],
            "a person cannot be related to themselves (both ids resolve to the same person)",
        )
    kind, a, b = values["type"], person, other
    detail = values.get("detail", kind)
    if kind == "child":
        kind, a, b, detail = "parent", other, person, "parent"
    if kind in SYMMETRIC and b < a:
        a, b = b, a
    props = {"detail": detail, "since": values.get("from", ""), "until": values.get("to", "")}
    key = link_hash(row_hash, mapping.source_id, values["person_source_id"], values["other_source_id"])
    row = {"a": a, "b": b, "source": mapping.source_id, **key, "props": props}
    return [(RELATIONSHIP_QUERIES[kind], row)], None


def _involvement(mapping: Mapping, person: str, record: Record, row_hash: str) -> Rows:
    values = record.values
    service_uid = stable_id("svc", mapping.authority, values["service"].lower())
    key = values.get("involvement_id") or "|".join(
        (values["person_source_id"], values["service"].lower(), values.get("start", ""))
    )
    uid = stable_id("i", mapping.source_id, key)
    if "status" in record.flagged:
        status = "unknown"  # a code the mapping does not know: "status not recorded", never a guess
    else:
        status = values.get("status") or ("historic" if values.get("end") else "current")
    props = {
        "status": status,
        "team": values.get("team", ""),
        "start": values.get("start", ""),
        "end": values.get("end", ""),
        "last_contact": values.get("last_contact", ""),
        "reason": values.get("reason", ""),
        "source": mapping.source_id,
        "extract_date": mapping.extract_date,
        "flagged": [f for f in record.flagged if not f.startswith("practitioner_")],
        **{f"{k}_raw": record.raw[k] for k in ("status", "start", "end", "last_contact") if k in record.raw},
    }
    service = {
        "name": values["service"],
        "service_type": mapping.service_type,
        "agency": mapping.agency,
        "authority": mapping.authority,
    }
    rows: Rows = [
        ("merge_services", {"uid": service_uid, "props": service}),
        (
            "merge_involvements",
            {
                "uid": uid,
                "person": person,
                "source": mapping.source_id,
                "service": service_uid,
                "record_id": values["person_source_id"],
                "extract_date": mapping.extract_date,
                "hash": row_hash,  # "<source>:<hex>": what the row said (delta loads)
                "props": props,
            },
        ),
    ]
    contact = {k: values.get(f"practitioner_{k}", "") for k in ("name", "role", "phone", "email")}
    if any(contact.values()):
        flagged = [f.removeprefix("practitioner_") for f in record.flagged if f.startswith("practitioner_")]
        rows.append(
            (
                "merge_practitioners",
                {
                    "involvement": uid,
                    "extract_date": mapping.extract_date,
                    "props": contact | {"team": props["team"], "flagged": flagged},
                    "uid": stable_id("pr", service_uid, contact["name"].lower(), contact["email"].lower()),
                },
            )
        )
    return rows


def _unknown(field: str, value: str, source: str) -> FieldProblem:
    return FieldProblem(field, value, f"no person record {value!r} in source {source}")


def fact_rows(mapping: Mapping, made: Rows, facts: list[dict[str, str]]) -> Rows:
    """The facts of a row, each linked to the involvement the same row made, with its provenance."""
    involvement = next((row for query, row in made if query == "merge_involvements"), None)
    if involvement is None:
        return []
    return [
        (
            "merge_facts",
            {
                "uid": stable_id(
                    "f", involvement["uid"], fact["kind"], fact["value"].lower(), fact["date"], fact["detail"]
                ),
                "involvement": involvement["uid"],
                "source": mapping.source_id,
                "record_id": involvement["record_id"],
                "extract_date": mapping.extract_date,
                "props": {**fact, "source": mapping.source_id, "extract_date": mapping.extract_date},
            },
        )
        for fact in facts
    ]
