"""Validated records -> the rows the merge_* queries in cypher/ take: a source, a person with what
their record said, a household. Pure functions, no I/O; a record that links people to each other or
to a service makes its rows in link_rows.py."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from loaders.mapping import Mapping
from loaders.match.stored import match_props
from loaders.matching import name_key
from loaders.records import Record
from loaders.resolve import Resolution, stable_id

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
Rows = list[tuple[str, dict[str, Any]]]  # (query name, row) pairs, in the order they must apply


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
            **mapping.register,  # the register entry (agreement, lawful basis, retention, purposes, ...)
            # a mapping that states no coverage (e.g. a second file of the same system) keeps what is known
            **{
                f"coverage_{key}": value
                for key, value in coverage.items()
                if key != "current_as_of" and value
            },
        },
    }


PERSON_PROPS = (
    "given_name",
    "family_name",
    "other_names",
    "dob",
    "gender",
    "nhs_number",
    "upn",
    "postcode",
    "unborn",
    "unnamed",
    "due_date",
)
RECORD_KEYS = (
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


def person_row(mapping: Mapping, record: Record, resolution: Resolution, row_hash: str) -> dict[str, Any]:
    """The person and the RECORDED_IN link that keeps what this record said: its identity, the raw
    text of the fields flagged (``dob_raw``), which fields those were, and the row's hash."""
    values = record.values
    props = {key: values[key] for key in PERSON_PROPS if values.get(key)}
    for name in ("dob", "postcode", "nhs_number", "upn", "gender"):  # no valid value from this record
        if name in record.raw and not values.get(name):
            props[f"{name}_raw"] = record.raw[name]
    props |= {
        "authority": mapping.authority,
        "given_key": name_key(values.get("given_name", "")),
        "family_key": name_key(values.get("family_name", "")),
    }
    stated: dict[str, Any] = {
        "extract_date": mapping.extract_date,
        "hash": row_hash,  # "<source>:<hex>": what the row said (delta loads)
        "flagged": list(record.flagged),
        "unborn": values.get("unborn", ""),
        "unnamed": values.get("unnamed", ""),
        **{k: values.get(k, "") for k in RECORD_KEYS},
        **{f"{k}_raw": record.raw.get(k, "") for k in ("dob", "postcode", "nhs_number")},
    }
    if not resolution.known:
        stated |= {"score": resolution.score, "reasons": resolution.reasons}
        if resolution.explanation is not None:  # why it joined the person (loaders/match/stored.py)
            stated |= match_props(resolution.explanation, resolution.matched_record, resolution.model)
    return {
        "uid": resolution.person,
        "source": mapping.source_id,
        "record_id": values["source_id"],
        "authority": mapping.authority,
        "props": props,
        "record": stated,
        "shield": shield_props(mapping, values, values.get("shielded") == "yes"),
    }


def shield_props(mapping: Mapping, values: dict[str, str], shielded: bool) -> dict[str, str]:
    """What a source's shield column writes on the person or household: set, never lifted by a load
    (a blank in a later extract must not expose anyone; an administrator lifts shields)."""
    if not shielded:
        return {}
    return {
        "shielded": "yes",
        "shield_reason": values.get("shield_reason") or "stated by the source",
        "shield_review": values.get("shield_review", ""),
        "shield_source": mapping.source_id,
    }


def household_rows(
    mapping: Mapping,
    person: str,
    values: dict[str, str],
    today: date,
    row_hash: str = "",
    shield_flag: str = "address_shielded",
) -> list[tuple[str, dict[str, Any]]]:
    """The household node and the person's link to it. People at the same address share a
    household, whichever agency says so. ``row_hash``: a row of past addresses keeps its hash on the
    link (a person row keeps its own on the person's record). ``shield_flag``: the field that shields
    the address (a person row's ``address_shielded``, a household row's own ``shielded``)."""
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
        "shield": shield_props(mapping, values, values.get(shield_flag) == "yes"),
    }
    link = {
        "person": person,
        "uid": uid,
        "source": mapping.source_id,
        **link_hash(
            row_hash,
            mapping.source_id,
            values.get("person_source_id", ""),
            values.get("household_id") or values.get("address", ""),
            values.get("from", ""),
        ),
        "props": {
            "since": values.get("from", ""),
            "until": until,
            "current": "no" if until and until <= today.isoformat() else "yes",
            "as_of": mapping.extract_date,
        },
    }
    return [("merge_household_nodes", node), ("merge_households", link)]


def link_hash(row_hash: str, source: str, *row_key: str) -> dict[str, str]:
    """A link keeps one hash per source *and row* ("<source>:<row key>:<hex>"): two rows of one source
    may state the same link ("A is B's father", "B is A's son"), and a changed row replaces only its
    own entry. A person row's address passes no hash (the person's record keeps it)."""
    if not row_hash:
        return {"hash": "", "hash_key": ""}
    key = f"{source}:{stable_id('k', *row_key)[2:10]}:"
    return {"hash": key + row_hash.rsplit(":", 1)[1], "hash_key": key}


def _address_key(address: str) -> str:
    """The street line of an address, folded; "Flat 2, 12 Acacia Avenue" keeps both parts."""
    parts = [p.strip().lower() for p in address.split(",") if p.strip()]
    if not parts:
        return ""
    street = parts[:2] if len(parts) > 1 and FLAT.match(parts[0]) else parts[:1]
    words = re.sub(r"[^a-z0-9 ]", " ", " ".join(street)).split()
    return "".join(STREET_WORDS.get(w, w) for w in words)
