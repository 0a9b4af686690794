"""What a comparison reads from one identity, worked out once per record (names folded, DOB as digits).

The same features feed the load-time scorer (Python) and Splink's estimation (as DuckDB columns), so
both see exactly the same values; see ``features_row``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple

import jellyfish
import orjson
from nicknames import NickNamer
from stdnum.gb import nhs as nhs_number
from stdnum.gb import upn as pupil_number

from loaders.matching import Identity

NOT_LETTERS = re.compile(r"[^A-Z]+")
STREET_WORDS = {
    "AVE": "AVENUE",
    "RD": "ROAD",
    "ST": "STREET",
    "LN": "LANE",
    "CL": "CLOSE",
    "DR": "DRIVE",
    "CT": "COURT",
    "PL": "PLACE",
    "CRES": "CRESCENT",
    "GDNS": "GARDENS",
    "SQ": "SQUARE",
}


class Features(NamedTuple):
    """A named tuple, not a dataclass: a load makes ~500,000 of them from the graph at 1M people, and a
    frozen dataclass's constructor (a setattr per field) took 2.4 us against 0.4."""

    given: str | None
    given_keys: frozenset[str]  # the name and its canonical forms: shared keys mean nicknames
    family: str | None
    family_parts: frozenset[str]  # "SMITH-JONES" -> {SMITH, JONES}
    family_all: frozenset[str]  # the family name and every other or previous name
    family_sound: str | None  # Metaphone: Smith / Smyth -> SM0
    dob: str | None  # YYYYMMDD for a real date; the raw text's digits (or text) for one that is not
    dob_days: int | None  # day number of a real date, for "within a year"
    postcode: str | None  # "SK4 1AA"
    postcode_sector: str | None  # "SK4 1"
    postcode_district: str | None  # "SK4"
    address: str | None  # house number and street, folded
    gender: str | None
    nhs: str | None
    upn: str | None
    unborn: bool = False  # "Baby of ...", "Unborn": never merged by the model (loaders/identity.py)


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=200_000)
def fold_name(name: str) -> str:
    """Upper case, accents and punctuation gone, parts joined by one hyphen: "Smith Jones" and
    "smith-jones" agree, as do "Zoë" and "Zoe", "O'Brien" and "OBrien"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    text = text.replace("'", "").replace("’", "").replace(".", "")
    return "-".join(part for part in NOT_LETTERS.split(text) if part)


@lru_cache(maxsize=100_000)
def name_keys(given: str) -> frozenset[str]:
    """The name and its canonical forms (nicknames package): Liz -> {LIZ, ELIZABETH, ...}."""
    keys = {given}
    keys.update(c.upper() for c in _nicknamer().canonicals_of(given.lower()))
    return frozenset(keys)


def _family_all(family: str | None, other_names: str) -> frozenset[str]:
    names = {fold_name(n) for n in other_names.split(",")} - {""}
    if family:
        names.add(family)
    return frozenset(names)


@lru_cache(maxsize=200_000)
def _dob(iso: str, text: str) -> tuple[str | None, int | None]:
    if iso:
        try:
            return iso.replace("-", ""), date.fromisoformat(iso).toordinal()
        except ValueError:
            text = text or iso
    if not text.strip():
        return None, None
    digits = re.sub(r"\D", "", text)
    return (digits or text.strip().upper()), None


@lru_cache(maxsize=200_000)
def _sound(name: str) -> str:
    return jellyfish.metaphone(name.replace("-", "")) or name


def address_key(address: str) -> str | None:
    """The first line of an address (a flat keeps its building line too), folded and with street
    words spelled out: "12 Acacia Ave." and "12 ACACIA AVENUE, Stockport" agree."""
    parts = [p.strip().upper() for p in address.split(",") if p.strip()]
    if not parts:
        return None
    line = (
        parts[:2] if len(parts) > 1 and re.match(r"(FLAT|APARTMENT|APT|ROOM|UNIT)\b", parts[0]) else parts[:1]
    )
    words = re.sub(r"[^A-Z0-9 ]", " ", " ".join(line)).split()
    return " ".join(STREET_WORDS.get(w, w) for w in words) or None


def features(identity: Identity) -> Features:
    given = fold_name(identity.given) or None
    family = fold_name(identity.family) or None
    dob, days = _dob(identity.dob, identity.dob_text)
    postcode = " ".join(identity.postcode.upper().split()) or None
    outward, _, inward = (postcode or "").partition(" ")
    return Features(
        given=given,
        given_keys=name_keys(given) if given else frozenset(),
        family=family,
        family_parts=frozenset(family.split("-")) if family else frozenset(),
        family_all=_family_all(family, identity.other_names),
        family_sound=_sound(family) if family else None,
        dob=dob,
        dob_days=days,
        postcode=postcode,
        postcode_sector=f"{outward} {inward[:1]}" if inward else None,
        postcode_district=outward or None,
        address=address_key(identity.address),
        gender=identity.gender.lower()[:1] if identity.gender.lower()[:1] in ("m", "f") else None,
        nhs=identity.nhs if identity.nhs and nhs_number.is_valid(identity.nhs) else None,
        upn=identity.upn.upper() if identity.upn and pupil_number.is_valid(identity.upn) else None,
        unborn=bool(getattr(identity, "unborn", False)),
    )


FEATURE_COLUMNS = (
    "given",
    "given_keys",
    "family",
    "family_parts",
    "family_all",
    "family_sound",
    "dob",
    "dob_days",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
    "gender",
)


def features_row(f: Features) -> dict[str, object]:
    """One row of the table Splink estimates from: lists for the set-valued features."""
    row: dict[str, object] = {}
    for name in FEATURE_COLUMNS:
        value = getattr(f, name)
        row[name] = sorted(value) if isinstance(value, frozenset) else value
    return row


STORED = Features._fields  # every field, in order: the stored form's layout
SETS = frozenset(name for name in STORED if name in ("given_keys", "family_parts", "family_all"))


def to_stored(f: Features) -> str:
    """The features as the graph keeps them (MatchRecord.features): a JSON list, sets sorted."""
    return json.dumps(
        [sorted(v) if name in SETS else v for name, v in ((n, getattr(f, n)) for n in STORED)],
        ensure_ascii=False,
        separators=(",", ":"),
    )


SET_AT = tuple(i for i, name in enumerate(STORED) if name in SETS)


def from_stored(text: str) -> Features:
    """A load reads ~17 of these per record it matches at 100k people, ~50 at 1M: kept to a loop over
    the three sets (a generator over every field took twice as long), parsed by orjson (json.loads was
    half of this function's time)."""
    values = orjson.loads(text)
    if len(values) != len(STORED):
        raise ValueError(f"stored features have {len(values)} values, expected {len(STORED)}")
    for i in SET_AT:
        values[i] = frozenset(values[i])
    return Features(*values)
