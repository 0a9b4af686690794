"""Shielded people and addresses: what must never reach a screen, an export, a print or the API.

A person is shielded (a parent in a refuge, an adopted child, a witness) by a source's column or by an
administrator (governance/shielding.py keeps both); an address can be shielded on its own. This module
is the pure part: the set of what is withheld (``ShieldSet``) and the tests against it.

- Every address of a shielded person, and every shielded address, is withheld. So is any household
  sharing one of their postcodes or street lines: one source writing the same home a little
  differently (another household node) must not give it away. Over-withholding a neighbour's address
  is the price, and it is the safe side.
- A shielded person's location is withheld: addresses, postcode, and the services that would place
  them (``LOCATION_TYPES``: school, health such as a GP practice or health visiting, housing). So is
  the location of anyone whose current home is a withheld address (a child in the refuge with them).
- The graph keeps every value: matching still uses them, so a shielded person is never duplicated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

WITHHELD_ADDRESS = "address withheld"
WITHHELD_VALUE = "withheld"
LOCATION_TYPES = frozenset({"school", "health", "housing"})
LOCATION_PROPS = ("postcode", "postcode_raw")  # a person's own location fields
SHIELD_PROPS = ("shielded", "shield_reason", "shield_review", "shield_sources")
_FLAT = re.compile(r"^(flat|apartment|apt|room|unit)\b")


def norm_postcode(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).upper()


def street_key(address: Any) -> str:
    """An address's street line, folded: "Flat 2, 12 Acacia Ave, Marple" -> "flat212acaciaave"."""
    parts = [p.strip().lower() for p in re.split(r"[,\r\n]+", str(address or "")) if p.strip()]
    if not parts:
        return ""
    street = parts[:2] if len(parts) > 1 and _FLAT.match(parts[0]) else parts[:1]
    return re.sub(r"[^a-z0-9]", "", "".join(street))


@dataclass(frozen=True)
class Shield:
    """One shield: a person or an address, why (a category), until when it is reviewed, and who set it."""

    uid: str
    kind: str  # "person" or "address"
    reason: str = ""
    review: str = ""
    set_by: str = ""  # a source id or a user name
    origin: str = "source"  # "source" (an extract's column) or "administrator"
    ident: int | None = None  # the governance row of an administrator's shield


@dataclass(frozen=True)
class ShieldSet:
    people: dict[str, Shield] = field(default_factory=dict)
    addresses: dict[str, Shield] = field(default_factory=dict)  # shielded addresses (household uid)
    households: frozenset[str] = frozenset()  # every household uid withheld
    postcodes: frozenset[str] = frozenset()  # normalised
    streets: frozenset[str] = frozenset()
    texts: tuple[str, ...] = ()  # street lines and postcodes as written: what ``scrub`` looks for
    residents: frozenset[str] = frozenset()  # people living now at a withheld address

    @classmethod
    def build(
        cls,
        people: Iterable[tuple[Shield, str, list[dict[str, Any]]]],
        addresses: Iterable[tuple[Shield, dict[str, Any]]],
        residents: Iterable[str] = (),
    ) -> ShieldSet:
        """From shielded people (shield, their own postcode, their homes), shielded addresses (shield,
        the household: uid, address, postcode) and the people living now at any of those homes."""
        by_person, by_address, homes, postcodes = {}, {}, [], []
        for shield, postcode, theirs in people:
            by_person.setdefault(shield.uid, shield)
            homes += [h for h in theirs if h]
            postcodes.append(postcode)
        for shield, home in addresses:
            by_address.setdefault(shield.uid, shield)
            homes.append(home)
        postcodes += [h.get("postcode") for h in homes]
        streets = {street_key(h.get("address")) for h in homes} - {""}
        texts = {t for h in homes for t in _line_texts(h.get("address"))} | {
            str(p).strip() for p in postcodes if p and str(p).strip()
        }
        return cls(
            people=by_person,
            addresses=by_address,
            households=frozenset(str(h["uid"]) for h in homes if h.get("uid")),
            postcodes=frozenset(norm_postcode(p) for p in postcodes if p) - {""},
            streets=frozenset(streets),
            texts=tuple(sorted(texts, key=len, reverse=True)),
            residents=frozenset(str(r) for r in residents if r),
        )

    def __bool__(self) -> bool:
        return bool(self.people or self.households or self.postcodes)

    def shielded(self, uid: Any) -> bool:
        return str(uid) in self.people

    def home_withheld(self, home: dict[str, Any]) -> bool:
        if home.get("withheld") or str(home.get("uid")) in self.households:
            return True
        if home.get("postcode") and norm_postcode(home["postcode"]) in self.postcodes:
            return True
        key = street_key(home.get("address"))
        return bool(key) and key in self.streets

    def postcode_withheld(self, postcode: Any) -> bool:
        return bool(postcode) and norm_postcode(postcode) in self.postcodes

    def located(self, uid: Any, homes: list[dict[str, Any]] | None) -> bool:
        """Is this person's location withheld: shielded, or living now at a withheld address?"""
        if self.shielded(uid) or str(uid) in self.residents:
            return True
        return any(h and _current(h) and self.home_withheld(h) for h in homes or [])

    def scrub(self, value: Any) -> Any:
        """A value with every text that could name a withheld address replaced (the analyst console's
        last line of defence: its Cypher can return anything the graph holds)."""
        if isinstance(value, str):
            folded, compact = value.casefold(), norm_postcode(value)
            for text in self.texts:
                if text.casefold() in folded or (
                    _looks_like_postcode(text) and norm_postcode(text) in compact
                ):
                    return WITHHELD_VALUE
            return value
        if isinstance(value, list | tuple):
            return [self.scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        return value


def _current(home: dict[str, Any]) -> bool:
    return home.get("current") != "no" and not home.get("until")


def _looks_like_postcode(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", norm_postcode(text)))


def _line_texts(address: Any) -> list[str]:
    """The street line of an address (and the whole address), as a reader would spot them."""
    lines = [p.strip() for p in re.split(r"[,\r\n]+", str(address or "")) if p.strip()]
    if not lines:
        return []
    street = ", ".join(lines[:2]) if len(lines) > 1 and _FLAT.match(lines[0].lower()) else lines[0]
    return [street] if len(street) >= 6 else []


def withhold_home(home: dict[str, Any]) -> dict[str, Any]:
    """A household as it may be shown: no address, no postcode; its id and dates stay."""
    return {**home, "address": WITHHELD_ADDRESS, "postcode": "", "withheld": True}


def without_location(person: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in person.items() if k not in LOCATION_PROPS}


def without_shield_marks(person: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in person.items() if k not in SHIELD_PROPS}
