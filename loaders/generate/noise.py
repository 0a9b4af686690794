"""How one agency sees a person: mostly right, sometimes with the slips real records have.

Most records are clean. A few percent have one field wrong (a typo, a nickname, a swapped day and
month, a digit off, a former family name, a missing date of birth or postcode); two wrong fields are
rare. Casing and spacing vary freely, as they do between systems; a careful matcher ignores them.
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass
from datetime import date

from loaders.generate.people import Person, diminutives

FIELD_NOISE = (
    "given_typo",
    "nickname",
    "family_typo",
    "family_other",
    "dob_swap",
    "dob_digit",
    "dob_missing",
    "postcode_missing",
)
FIELD_WEIGHTS = (0.16, 0.16, 0.14, 0.12, 0.1, 0.1, 0.12, 0.1)


@dataclass(frozen=True, slots=True)
class NoiseLevel:
    one_field: float = 0.07  # share of records with one field wrong
    two_fields: float = 0.01
    styling: float = 0.06  # upper case surname, stray spaces, postcode without its space
    strip_accents: float = 0.0  # old systems that cannot store "Zoë"


@dataclass(slots=True)
class Seen:
    """A person as one source recorded them."""

    given: str
    family: str
    dob: date | None
    postcode_known: bool
    other_names: str


def observe(person: Person, rng: random.Random, level: NoiseLevel, today: date) -> Seen:
    """One source's record of `person`; deterministic for the rng's state."""
    seen = Seen(person.given, person.family, person.dob, True, person.alt_family or "")
    roll = rng.random()
    faults = 2 if roll < level.two_fields else 1 if roll < level.two_fields + level.one_field else 0
    for kind in _pick(rng, faults):
        _apply(kind, seen, person, rng, today)
    if level.strip_accents and rng.random() < level.strip_accents:
        seen.given, seen.family = _ascii(seen.given), _ascii(seen.family)
    if rng.random() < level.styling:
        style = rng.randrange(3)
        if style == 0:
            seen.family = seen.family.upper()
        elif style == 1:
            seen.given = f" {seen.given}  "
        else:
            seen.given, seen.family = seen.given.lower(), seen.family.lower()
    return seen


def _pick(rng: random.Random, faults: int) -> list[str]:
    kinds: list[str] = []
    while len(kinds) < faults:
        kind = rng.choices(FIELD_NOISE, FIELD_WEIGHTS)[0]
        if kind[:3] not in {k[:3] for k in kinds}:  # two faults never hit the same field
            kinds.append(kind)
    return kinds


def _apply(kind: str, seen: Seen, person: Person, rng: random.Random, today: date) -> None:
    if kind == "given_typo":
        seen.given = typo(rng, seen.given)
    elif kind == "nickname":
        short = diminutives(person.given)
        seen.given = rng.choice(short) if short else typo(rng, seen.given)
    elif kind == "family_typo":
        seen.family = typo(rng, seen.family)
    elif kind == "family_other":
        if person.alt_family:
            seen.family, seen.other_names = person.alt_family, person.family
        else:
            seen.family = typo(rng, seen.family)
    elif kind == "dob_swap":
        swapped = swap_day_month(person.dob)
        seen.dob = swapped if swapped is not None and swapped <= today else digit_off(rng, person.dob, today)
    elif kind == "dob_digit":
        seen.dob = digit_off(rng, person.dob, today)
    elif kind == "dob_missing":
        seen.dob = None
    else:
        seen.postcode_known = False


def typo(rng: random.Random, name: str) -> str:
    """One edit: a substituted, dropped, doubled or transposed letter (never the first letter)."""
    if len(name) < 3:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        letter = rng.choice(string.ascii_lowercase.replace(name[i].lower(), ""))
        return name[:i] + letter + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    if name[i] == name[i + 1]:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def swap_day_month(dob: date) -> date | None:
    """The date with day and month exchanged, when that is a different real date."""
    if dob.day > 12 or dob.day == dob.month:
        return None
    return date(dob.year, dob.day, dob.month)


def digit_off(rng: random.Random, dob: date, today: date) -> date:
    """The date with one digit of its day or year changed; always a real date, never in the future."""
    for _ in range(20):
        if rng.random() < 0.5:
            day = dob.day + rng.choice((-1, 1)) * (1 if rng.random() < 0.5 else 10)
            candidate = _safe_date(dob.year, dob.month, day)
        else:
            candidate = _safe_date(dob.year + rng.choice((-1, 1)), dob.month, dob.day)
        if candidate is not None and candidate != dob and candidate <= today:
            return candidate
    return dob


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
