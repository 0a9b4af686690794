"""Shared state and row helpers for the agency extract builders."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from loaders.generate.names import AUTHORITIES
from loaders.generate.noise import Seen, observe
from loaders.generate.people import Person, Population
from loaders.generate.sources import Row, SourceSpec

GENDER_STYLES = {
    "word": {"F": "Female", "M": "Male"},
    "letter": {"F": "F", "M": "M"},
    "lower": {"F": "female", "M": "male"},
}


@dataclass(slots=True)
class Context:
    pop: Population
    seed: int
    today: date
    with_children: list[bool] = field(default_factory=list)  # per family: has a member under 18
    homes: list[int] = field(default_factory=list)  # per family: the household of its first member

    @classmethod
    def of(cls, pop: Population, seed: int, today: date) -> Context:
        ctx = cls(pop, seed, today)
        for fam in pop.families:
            ctx.with_children.append(any(ctx.age(pop.people[i], today) < 18 for i in fam.members))
            ctx.homes.append(pop.people[fam.members[0]].household)
        return ctx

    def rng(self, source_id: str, part: str = "") -> random.Random:
        """A generator of its own for each source (and file), so sources do not disturb each other."""
        return random.Random(f"{self.seed}:{source_id}:{part}")

    @staticmethod
    def age(p: Person, on: date) -> int:
        return on.year - p.dob.year - ((on.month, on.day) < (p.dob.month, p.dob.day))

    def authority_of(self, p: Person) -> str:
        return self.pop.households[p.household].authority

    def at_family_home(self, p: Person) -> bool:
        return p.household == self.homes[p.family_id]


def person_cells(
    ctx: Context,
    source: SourceSpec,
    p: Person,
    rng: random.Random,
    *,
    home: int | None = None,
    gender: str = "word",
    address: str = "comma",
) -> Row:
    """The person columns of a row as `source` recorded them (noise included) at household `home`.

    address styles: "comma" = "12 Oak Road, Cheadle, Stockport" with a separate postcode;
    "comma_pc" = the postcode at the end of the address; "lines" = one line each, postcode last.
    """
    seen: Seen = observe(p, rng, source.noise, source.extract_date)
    hh = ctx.pop.households[p.household if home is None else home]
    postcode = hh.postcode if seen.postcode_known else None
    if postcode and rng.random() < 0.04:
        postcode = postcode.replace(" ", "") if rng.random() < 0.5 else postcode.lower()
    lines = [*hh.lines()]
    if address == "comma":
        text = ", ".join(lines)
    else:
        text = ("\n" if address == "lines" else ", ").join(lines + ([postcode] if postcode else []))
    return {
        "_person": p.key,
        "given": seen.given,
        "family": seen.family,
        "other_names": seen.other_names,
        "dob": seen.dob,
        "gender": GENDER_STYLES[gender][p.sex],
        "address": text,
        "postcode": postcode,
    }


def authority_name(code: str) -> str:
    return AUTHORITIES[code].name
