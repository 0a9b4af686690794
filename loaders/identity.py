"""The identity of one source record, as the matcher receives it.

``RecordIdentity`` is the matcher's ``Identity`` plus what the loader now keeps of a record that a
stricter loader would have refused: the raw text of a flagged postcode or NHS number, and whether the
source has not named the person (an unborn child, "Baby of …"). A date of birth that is not a real
date (``dob_raw`` on the record) is the matcher's ``dob_text``: the model compares it by edit
distance ("19972108" against 1997-08-21). An unborn record ("Baby of …", "Unborn"; ``unborn``, kept
in the matcher's features) is never merged by the model: two unborn or newborn babies of one family
at one address (twins) are not one person, so such a record is only ever a possible match until a
person reviews it. A record merely missing its
given name is compared like any other, the given name no evidence either way: the household model
(loaders/match/household.py) decides whether it is one person or a relative at the same home.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.matching import Identity
from loaders.vocab import UNBORN_NAME


@dataclass(frozen=True)
class RecordIdentity(Identity):
    postcode_raw: str = ""
    nhs_raw: str = ""
    unborn: bool = False
    unnamed: bool = False


def identity(values: dict[str, str], raw: dict[str, str] | None = None) -> RecordIdentity:
    raw = raw or {}
    unborn = values.get("unborn") == "yes"
    return RecordIdentity(
        given="" if unborn else values.get("given_name", ""),
        family=values.get("family_name", ""),
        dob=values.get("dob", ""),
        postcode=values.get("postcode", ""),
        nhs=values.get("nhs_number", ""),
        other_names=values.get("other_names", ""),
        gender=values.get("gender", ""),
        address=values.get("address", ""),
        upn=values.get("upn", ""),
        dob_text="" if values.get("dob") else raw.get("dob", ""),
        postcode_raw=raw.get("postcode", ""),
        nhs_raw=raw.get("nhs_number", ""),
        unborn=unborn,
        unnamed=values.get("unnamed") == "yes",
    )


def stored_identity(row: dict[str, Any]) -> RecordIdentity:
    """The identity a source record had, as list_person_records returns it."""
    given = row.get("given_name") or ""
    unborn = row.get("unborn") == "yes" or bool(given and UNBORN_NAME.match(given))
    return RecordIdentity(
        given="" if unborn else given,
        family=row.get("family_name") or "",
        dob=row.get("dob") or "",
        postcode=row.get("postcode") or "",
        nhs=row.get("nhs_number") or "",
        other_names=row.get("other_names") or "",
        gender=row.get("gender") or "",
        address=row.get("address") or "",
        upn=row.get("upn") or "",
        dob_text="" if row.get("dob") else row.get("dob_raw") or "",
        postcode_raw=row.get("postcode_raw") or "",
        nhs_raw=row.get("nhs_number_raw") or "",
        unborn=unborn,
        unnamed=row.get("unnamed") == "yes" or not given,
    )
