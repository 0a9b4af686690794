"""Explainable person matching: blocking keys find candidates, small rules score them (jellyfish).

Each rule compares one aspect of two identities and returns a level (a score in 0..1 and the reason
in words) or None when either side lacks the value. The overall score is the weighted mean of the
levels that had evidence; an NHS number agreement or conflict decides on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jellyfish
from nicknames import NickNamer


@dataclass(frozen=True)
class Identity:
    given: str = ""
    family: str = ""
    dob: str = ""  # ISO
    postcode: str = ""
    nhs: str = ""
    other_names: str = ""
    gender: str = ""
    address: str = ""
    upn: str = ""
    dob_text: str = ""  # a date of birth that is not a real date, kept as the source wrote it


@dataclass(frozen=True)
class Level:
    score: float
    reason: str
    counts: bool = True  # False: worth saying, but no evidence either way (e.g. a different postcode)


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def are_nicknames(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    namer = _nicknamer()
    return (
        b in namer.nicknames_of(a)
        or a in namer.nicknames_of(b)
        or bool(namer.canonicals_of(a) & namer.canonicals_of(b))
    )


class Rule:
    """A comparison with a weight; subclasses say how one aspect compares."""

    label = "rule"

    def __init__(self, weight: float, threshold: float = 0.92) -> None:
        if not 0 < weight <= 1:
            raise ValueError(f"{type(self).__name__}: weight must be in (0, 1], got {weight}")
        if not 0.5 <= threshold <= 1:
            raise ValueError(f"{type(self).__name__}: threshold must be in [0.5, 1], got {threshold}")
        self.weight = weight
        self.threshold = threshold

    def compare(self, a: Identity, b: Identity) -> Level | None:
        raise NotImplementedError


class GivenNameRule(Rule):
    label = "given name"

    def compare(self, a: Identity, b: Identity) -> Level | None:
        if not a.given or not b.given:
            return None
        x, y = a.given.upper(), b.given.upper()
        if x == y:
            return Level(1.0, "given name same")
        if are_nicknames(x, y):
            return Level(0.95, f"given name {a.given}/{b.given} nickname")
        similarity = jellyfish.jaro_winkler_similarity(x, y)
        if similarity >= self.threshold:
            return Level(0.9, f"given name JW {similarity:.2f}")
        if x[0] == y[0] and similarity >= 0.8:
            return Level(0.5, f"given name JW {similarity:.2f} only")
        return Level(0.0, "given name differs")


class FamilyNameRule(Rule):
    label = "family name"

    def compare(self, a: Identity, b: Identity) -> Level | None:
        if not a.family or not b.family:
            return None
        x, y = a.family.upper(), b.family.upper()
        if x == y:
            return Level(1.0, "family name same")
        others = {n.strip().upper() for n in (a.other_names + "," + b.other_names).split(",") if n.strip()}
        if x in others or y in others:
            return Level(1.0, f"family name {b.family} known as other name")
        similarity = jellyfish.jaro_winkler_similarity(x, y)
        if similarity >= self.threshold:
            return Level(0.9, f"family name JW {similarity:.2f}")
        if jellyfish.metaphone(x) == jellyfish.metaphone(y):
            return Level(0.9, f"family name {a.family}/{b.family} sounds the same")
        return Level(0.3, "family name differs (names change)")


class DobRule(Rule):
    label = "date of birth"

    def compare(self, a: Identity, b: Identity) -> Level | None:
        if not a.dob or not b.dob:
            return None
        if a.dob == b.dob:
            return Level(1.0, "DOB exact")
        ya, ma, da = a.dob.split("-")
        yb, mb, db = b.dob.split("-")
        if ya == yb and ma == db and da == mb:
            return Level(0.85, "DOB day/month swapped")
        if jellyfish.hamming_distance(a.dob, b.dob) == 1:
            return Level(0.8, "DOB one digit off")
        return Level(0.0, "DOB differs")


class PostcodeRule(Rule):
    label = "postcode"

    def compare(self, a: Identity, b: Identity) -> Level | None:
        if not a.postcode or not b.postcode:
            return None
        if a.postcode == b.postcode:
            return Level(1.0, "postcode same")
        if a.postcode.split()[0] == b.postcode.split()[0]:
            return Level(0.7, "postcode district same")
        return Level(0.0, "postcode differs (people move)", counts=False)


DEFAULT_RULES: tuple[Rule, ...] = (
    GivenNameRule(weight=0.3),
    FamilyNameRule(weight=0.2),
    DobRule(weight=0.3),
    PostcodeRule(weight=0.2),
)
NAMES_ONLY_CAP = 0.8  # at most a possible match


def score(a: Identity, b: Identity, rules: tuple[Rule, ...] = DEFAULT_RULES) -> tuple[float, str]:
    """How alike two identities are (0..1), and why, e.g. 'family name JW 0.97; DOB exact'."""
    if a.nhs and b.nhs:
        if a.nhs == b.nhs:
            return 1.0, "NHS number same"
        return 0.0, "NHS number differs"
    total = weights = 0.0
    anchored = False  # names alone never merge: a DOB or a shared postcode must have been compared
    reasons = []
    for rule in rules:
        level = rule.compare(a, b)
        if level is None:
            continue
        reasons.append(level.reason)
        if level.counts:
            total += rule.weight * level.score
            weights += rule.weight
            anchored = anchored or isinstance(rule, DobRule | PostcodeRule)
    if not weights:
        return 0.0, "nothing to compare"
    result = total / weights
    if not anchored:
        result = min(result, NAMES_ONLY_CAP)
        reasons.append("names only: no DOB or shared postcode")
    return round(result, 3), "; ".join(reasons)


def name_key(name: str) -> str:
    """The phonetic key used for blocking and for typo-tolerant search (Metaphone, upper case)."""
    return jellyfish.metaphone(name).upper() if name else ""


def blocking_keys(identity: Identity) -> list[tuple[str, ...]]:
    """A union of keys, so a typo, a swapped DOB, a moved house or a changed surname still meets."""
    given, family = name_key(identity.given), name_key(identity.family)
    year = identity.dob[:4]
    keys: list[tuple[str, ...]] = []
    if identity.nhs:
        keys.append(("nhs", identity.nhs))
    if identity.dob:
        keys += [("fd", family, identity.dob), ("gd", given, identity.dob)]
        keys.append(("fgy", family, given, year))
    if identity.postcode:
        keys.append(("fgp", family, given, identity.postcode))
    if not identity.dob and not identity.postcode:
        keys.append(("fg", family, given))
    return keys
