"""Validated records -> the rows the merge_* queries in cypher/ take. Pure functions, no I/O."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from loaders.errors import FieldProblem
from loaders.mapping import Mapping
from loaders.match.stored import match_props
from loaders.matching import Identity, name_key
from loaders.records import Record
from loaders.resolve import PersonIndex, Resolution, stable_id
from loaders.writer import RELATIONSHIP_QUERIES

SYMMETRIC = {"sibling", "partner", "ex-partner"}
STREET_WORDS = {
    "ave": "avenue",
    "rd": "road",
    "st": "street",
    "ln": "lane",
    "cl": "close",
    "dr": "drive",
    "ct": "court",
    "pl": "place",
    "cres": "crescent",
    "gdns": "gardens",
    "sq": "square",
}
FLAT = re.compile(r"(flat|apartment|apt|room|unit)\b")


def identity(values: dict[str, str]) -> Identity:
    return Identity(
        given=values.get("given_name", ""),
        family=values.get("family_name", ""),
        dob=values.get("dob", ""),
        postcode=values.get("postcode", ""),
        nhs=values.get("nhs_number", ""),
        other_names=values.get("other_names", ""),
        gender=values.get("gender", ""),
        address=values.get("address", ""),
        upn=values.get("upn", ""),
    )


def stored_identity(row: dict[str, Any]) -> Identity:
    """The identity a source record had, as list_person_records returns it."""
    return Identity(
        given=row.get("given_name") or "",
        family=row.get("family_name") or "",
        dob=row.get("dob") or "",
        postcode=row.get("postcode") or "",
        nhs=row.get("nhs_number") or "",
        other_names=row.get("other_names") or "",
        gender=row.get("gender") or "",
        address=row.get("address") or "",
        upn=row.get("upn") or "",
    )


def source_row(mapping: Mapping, coverage: dict[str, str]) -> dict[str, Any]:
    return {
        "uid": mapping.source_id,
        "authority": mapping.authority,
        "authority_name": mapping.authority_name,
        "props": {
            "name": mapping.source_name,
            "agency": mapping.agency,
            "service_type": mapping.service_type,
            "authority": mapping.authority,
            "extract_date": mapping.extract_date,
            "current_as_of": coverage.get("current_as_of") or mapping.extract_date,
            # a mapping that states no coverage (e.g. a second file of the same system) keeps what is known
            **{
                f"coverage_{key}": value
                for key, value in coverage.items()
                if key != "current_as_of" and value
            },
        },
    }


def person_row(mapping: Mapping, values: dict[str, str], resolution: Resolution) -> dict[str, Any]:
    props = {
        key: values[key]
        for key in (
            "given_name",
            "family_name",
            "other_names",
            "dob",
            "gender",
            "nhs_number",
            "upn",
            "postcode",
        )
        if values.get(key)
    }
    props |= {
        "authority": mapping.authority,
        "given_key": name_key(values["given_name"]),
        "family_key": name_key(values["family_name"]),
    }
    record: dict[str, Any] = {
        "extract_date": mapping.extract_date,
        **{
            k: values.get(k, "")
            for k in (
                "given_name",
                "family_name",
                "dob",
                "postcode",
                "nhs_number",
                "gender",
                "other_names",
                "address",
                "upn",
            )
        },
    }
    if not resolution.known:
        record |= {"score": resolution.score, "reasons": resolution.reasons}
        if resolution.explanation is not None:  # why it joined the person (loaders/match/stored.py)
            record |= match_props(resolution.explanation, resolution.matched_record, resolution.model)
    return {
        "uid": resolution.person,
        "source": mapping.source_id,
        "record_id": values["source_id"],
        "authority": mapping.authority,
        "props": props,
        "record": record,
    }


def household_rows(
    mapping: Mapping, person: str, values: dict[str, str], today: date
) -> list[tuple[str, dict[str, Any]]]:
    """The household node and the person's link to it. People at the same address share a
    household, whichever agency says so."""
    if values.get("household_id"):
        uid = stable_id("h", mapping.source_id, values["household_id"])
    else:
        uid = stable_id("h", values.get("postcode", ""), _address_key(values.get("address", "")))
    until = values.get("to", "")
    node = {
        "uid": uid,
        "props": {
            "address": values.get("address", ""),
            "postcode": values.get("postcode", ""),
            "authority": mapping.authority,
        },
    }
    link = {
        "person": person,
        "uid": uid,
        "source": mapping.source_id,
        "props": {
            "since": values.get("from", ""),
            "until": until,
            "current": "no" if until and until <= today.isoformat() else "yes",
            "as_of": mapping.extract_date,
        },
    }
    return [("merge_household_nodes", node), ("merge_households", link)]


Rows = list[tuple[str, dict[str, Any]]]  # (query name, row) pairs, in the order they must apply


def link_rows(
    mapping: Mapping, record: Record, index: PersonIndex, today: date
) -> tuple[Rows, FieldProblem | None]:
    """The rows for a household, relationship or involvement record, or why it cannot load."""
    values = record.values
    person = index.person_of(mapping.source_id, values["person_source_id"])
    if person is None:
        return [], _unknown("person_source_id", values["person_source_id"], mapping)
    if record.kind == "household":
        return household_rows(mapping, person, values, today), None
    if record.kind == "relationship":
        return _relationship(mapping, person, values, index)
    return _involvement(mapping, person, values)


def _relationship(
    mapping: Mapping, person: str, values: dict[str, str], index: PersonIndex
) -> tuple[Rows, FieldProblem | None]:
    other = index.person_of(mapping.source_id, values["other_source_id"])
    if other is None:
        return [], _unknown("other_source_id", values["other_source_id"], mapping)
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
    return [(RELATIONSHIP_QUERIES[kind], {"a": a, "b": b, "source": mapping.source_id, "props": props})], None


def _involvement(mapping: Mapping, person: str, values: dict[str, str]) -> tuple[Rows, FieldProblem | None]:
    service_uid = stable_id("svc", mapping.authority, values["service"].lower())
    key = values.get("involvement_id") or "|".join(
        (values["person_source_id"], values["service"].lower(), values.get("start", ""))
    )
    uid = stable_id("i", mapping.source_id, key)
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
                "props": props,
            },
        ),
    ]
    contact = {k: values.get(f"practitioner_{k}", "") for k in ("name", "role", "phone", "email")}
    if any(contact.values()):
        rows.append(
            (
                "merge_practitioners",
                {
                    "involvement": uid,
                    "extract_date": mapping.extract_date,
                    "props": contact | {"team": props["team"]},
                    "uid": stable_id("pr", service_uid, contact["name"].lower(), contact["email"].lower()),
                },
            )
        )
    return rows, None


def _unknown(field: str, value: str, mapping: Mapping) -> FieldProblem:
    return FieldProblem(field, value, f"no person record {value!r} in source {mapping.source_id}")


def _address_key(address: str) -> str:
    """The street line of an address, folded; "Flat 2, 12 Acacia Avenue" keeps both parts."""
    parts = [p.strip().lower() for p in address.split(",") if p.strip()]
    if not parts:
        return ""
    street = parts[:2] if len(parts) > 1 and FLAT.match(parts[0]) else parts[:1]
    words = re.sub(r"[^a-z0-9 ]", " ", " ".join(street)).split()
    return "".join(STREET_WORDS.get(w, w) for w in words)


def fact_rows(mapping: Mapping, made: Rows, facts: list[dict[str, str]]) -> Rows:
    """The facts of a row, each linked to the involvement the same row made, with its provenance."""
    involvement = next((row for query, row in made if query == "merge_involvements"), None)
    if involvement is None:
        return []
    return [
        ("merge_facts", {
            "uid": stable_id("f", involvement["uid"], fact["kind"], fact["value"].lower(), fact["date"],
                             fact["detail"]),
            "involvement": involvement["uid"],
            "source": mapping.source_id,
            "record_id": involvement["record_id"],
            "extract_date": mapping.extract_date,
            "props": {**fact, "source": mapping.source_id, "extract_date": mapping.extract_date},
        })
        for fact in facts
    ]  # fmt: skip
