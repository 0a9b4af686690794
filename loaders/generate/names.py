"""Name, place and identifier pools for synthetic data: British-looking, seeded, and safe to publish.

Names come from faker's en_GB pools (with its surname frequencies, so common surnames collide the way
real ones do), plus modern children's names and a few accented / apostrophe names that trip up
encodings. Phone numbers use Ofcom's drama ranges, so no real line is ever printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from faker.providers.person.en_GB import Provider as _FakerPerson
from nicknames import NickNamer

FEMALE_NAMES: tuple[str, ...] = tuple(_FakerPerson.first_names_female)
MALE_NAMES: tuple[str, ...] = tuple(_FakerPerson.first_names_male)
SURNAMES: tuple[str, ...] = tuple(_FakerPerson.last_names)
SURNAME_WEIGHTS: tuple[float, ...] = tuple(_FakerPerson.last_names.values())

CHILD_FEMALE = (
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Freya",
    "Poppy",
    "Evie",
    "Harper",
    "Aaliyah",
    "Maisie",
    "Ruby",
    "Ella",
    "Grace",
    "Willow",
    "Elizabeth",
    "Isabella",
    "Niamh",
    "Summer",
    "Layla",
    "Darcie",
    "Phoebe",
    "Millie",
    "Alexandra",
    "Katherine",
)
CHILD_MALE = (
    "Oliver",
    "Jayden",
    "Noah",
    "Leo",
    "Oscar",
    "Harry",
    "Alfie",
    "Jacob",
    "Freddie",
    "Mason",
    "Muhammad",
    "Charlie",
    "Theo",
    "Archie",
    "Riley",
    "Kayden",
    "Tyler",
    "Logan",
    "Alexander",
    "Benjamin",
    "Nathaniel",
    "Joshua",
    "Daniel",
    "William",
    "Frederick",
    "Samuel",
)
# Encodable in cp1252 (the police extract's encoding): the point is to test it, not to break it.
ACCENTED_FEMALE = ("Zoë", "Chloë", "Renée", "Siân", "Sinéad", "Anaïs", "Agnès", "Inès")
ACCENTED_MALE = ("José", "Noël", "Rhodri", "Séamus", "François", "Björn", "Jürgen")
ACCENTED_SURNAMES = ("O'Brien", "D'Souza", "Müller", "Gómez", "Núñez", "Ó Ceallaigh", "Lefèvre", "O'Reilly")

# Diminutives that the nicknames package (American given names) does not know.
EXTRA_NICKNAMES = {
    "jayden": ("Jay",),
    "kayden": ("Kay",),
    "alfie": ("Alf",),
    "freddie": ("Fred",),
    "muhammad": ("Mo",),
    "theo": ("Ted",),
    "archie": ("Arch",),
    "harry": ("Haz",),
    "charlie": ("Chaz",),
    "maisie": ("Mai",),
    "millie": ("Mil",),
    "summer": ("Sum",),
}

STREET_WORDS = (
    "Oak",
    "Beech",
    "Church",
    "Mill",
    "Station",
    "Park",
    "Victoria",
    "Albert",
    "Green",
    "Moor",
    "Bridge",
    "Hall",
    "Castle",
    "Chapel",
    "Meadow",
    "Brook",
    "Lime",
    "Ash",
    "Elm",
    "Princess",
)
STREET_SUFFIXES = (
    "Road",
    "Street",
    "Avenue",
    "Close",
    "Lane",
    "Grove",
    "Drive",
    "Way",
    "Crescent",
    "Terrace",
    "Gardens",
    "Walk",
    "Place",
    "Court",
    "Mews",
    "Rise",
)
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


@dataclass(frozen=True, slots=True)
class Authority:
    code: str
    name: str
    la_number: str  # DfE local authority number, the UPN's digits 2-4
    districts: tuple[tuple[str, str], ...]  # (postcode district, locality)


AUTHORITIES: dict[str, Authority] = {
    "STK": Authority(
        "STK",
        "Stockport",
        "356",
        (
            ("SK1", "Stockport"),
            ("SK2", "Offerton"),
            ("SK3", "Edgeley"),
            ("SK4", "Heaton Moor"),
            ("SK5", "Reddish"),
            ("SK6", "Marple"),
            ("SK7", "Bramhall"),
            ("SK8", "Cheadle"),
        ),
    ),
    "MAN": Authority(
        "MAN",
        "Manchester",
        "352",
        (
            ("M8", "Cheetham Hill"),
            ("M9", "Blackley"),
            ("M11", "Openshaw"),
            ("M12", "Longsight"),
            ("M13", "Ardwick"),
            ("M14", "Fallowfield"),
            ("M15", "Hulme"),
            ("M16", "Whalley Range"),
            ("M18", "Gorton"),
            ("M19", "Levenshulme"),
            ("M20", "Didsbury"),
            ("M21", "Chorlton"),
            ("M22", "Wythenshawe"),
            ("M40", "Moston"),
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Street:
    name: str
    locality: str
    town: str
    postcode: str
    authority: str


def make_streets(rng: random.Random, authority: Authority, count: int) -> list[Street]:
    """Streets with one postcode each, spread over the authority's postcode districts."""
    streets = []
    for _ in range(count):
        district, locality = rng.choice(authority.districts)
        word = rng.choice(STREET_WORDS) if rng.random() < 0.3 else rng.choice(SURNAMES)
        unit = rng.choice(POSTCODE_UNIT_LETTERS) + rng.choice(POSTCODE_UNIT_LETTERS)
        postcode = f"{district} {rng.randint(1, 9)}{unit}"
        streets.append(
            Street(
                f"{word} {rng.choice(STREET_SUFFIXES)}", locality, authority.name, postcode, authority.code
            )
        )
    return streets


def given_name(rng: random.Random, sex: str, born_year: int) -> str:
    """A given name that suits the person's sex and generation (now and then an accented one)."""
    if rng.random() < 0.015:
        return rng.choice(ACCENTED_FEMALE if sex == "F" else ACCENTED_MALE)
    if born_year >= 2005 and rng.random() < 0.6:
        return rng.choice(CHILD_FEMALE if sex == "F" else CHILD_MALE)
    return rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)


def family_name(rng: random.Random) -> str:
    if rng.random() < 0.012:
        return rng.choice(ACCENTED_SURNAMES)
    return rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]


@lru_cache(maxsize=4096)
def diminutives(name: str) -> tuple[str, ...]:
    """Short forms a worker might write instead of the full name ("Elizabeth" -> "Liz")."""
    key = name.lower()
    found = set(EXTRA_NICKNAMES.get(key, ())) | {n.capitalize() for n in _nicknamer().nicknames_of(key)}
    return tuple(sorted(n for n in found if 2 <= len(n) < len(name) and _shortens(n.lower(), key)))


def _shortens(short: str, name: str) -> bool:
    """Whether `short` shortens `name`, as "Liz" does "Elizabeth" (not "Bill" for Robert)."""
    return short[0] == name[0] or short[:3] in name


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


_NHS_SLOTS = 46_153_845  # (999_999_999 - 400_000_000) // 13; coprime with the multiplier below


def nhs_number(rng: random.Random, index: int) -> str:
    """A unique 10-digit NHS number whose last digit passes the mod-11 check."""
    slot = (index * 7_919_993) % _NHS_SLOTS  # a bijection on slots: unique, but not in creation order
    start = rng.randrange(13)
    for step in range(13):
        nine = f"{400_000_000 + slot * 13 + (start + step) % 13:09d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)
    raise AssertionError("13 consecutive numbers cannot all fail the NHS check")  # pragma: no cover


def nhs_check_digit(nine: str) -> int | None:
    """Mod-11 check digit of the first nine digits, or None when no valid number has them."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    check = 11 - total % 11
    return None if check == 10 else (0 if check == 11 else check)


def upn(authority: Authority, index: int, entry_year: int) -> str:
    """A unique pupil number: check letter, LA number, establishment, year, serial (DfE format)."""
    body = f"{authority.la_number}{2000 + index // 1000:04d}{entry_year % 100:02d}{index % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, range(2, 14), strict=True))
    return UPN_LETTERS[total % 23] + body


def drama_landline(rng: random.Random) -> str:
    """A Manchester number from Ofcom's range reserved for drama (never a real line)."""
    return f"0161 496 {rng.randrange(1000):04d}"


def drama_mobile(rng: random.Random) -> str:
    return f"07700 900{rng.randrange(1000):03d}"
