"""The same levels as loaders/match/comparisons.py, tested in one function per comparison: a load
scores every candidate pair, and a generic loop over small test functions costs five times as much.

comparisons.py stays the statement of each level (and its SQL); tests/loaders/test_match_levels.py checks
that these functions find the same level for every table row and for thousands of pairs.
"""

from __future__ import annotations

from collections.abc import Callable

from jellyfish import damerau_levenshtein_distance as _dl
from jellyfish import jaro_winkler_similarity as _jw

from loaders.match.comparisons import DOB, FAMILY, GENDER, GIVEN, HOME, Comparison
from loaders.match.features import Features


def _index(comparison: Comparison, *names: str) -> tuple[int, ...]:
    found = tuple(lvl.name for lvl in comparison.levels)
    if found != names:
        raise AssertionError(f"{comparison.name}: levels are {found}, fast.py expects {names}")
    return tuple(range(len(names)))


_index(GIVEN, "exact", "nickname", "swapped", "jw92", "jw80", "else")
_index(FAMILY, "exact", "swapped", "part", "other_name", "jw92", "sound", "jw80", "else")
_index(DOB, "exact", "swapped", "one_off", "year_month", "year", "years5", "else")
_index(HOME, "address", "address_similar", "postcode", "postcode_other_address", "sector", "district", "else")
_index(GENDER, "exact", "else")


def _swapped(a: Features, b: Features) -> bool:
    return (
        a.given is not None
        and b.family is not None
        and a.family is not None
        and b.given is not None
        and _jw(a.given, b.family) >= 0.92
        and _jw(a.family, b.given) >= 0.92
    )


def given(a: Features, b: Features) -> int:
    x, y = a.given, b.given
    if x is None or y is None:
        return -1
    if x == y:
        return 0
    if not a.given_keys.isdisjoint(b.given_keys):
        return 1
    if _swapped(a, b):
        return 2
    jw = _jw(x, y)
    return 3 if jw >= 0.92 else 4 if jw >= 0.80 else 5


def family(a: Features, b: Features) -> int:
    x, y = a.family, b.family
    if x is None or y is None:
        return -1
    if x == y:
        return 0
    if _swapped(a, b):
        return 1
    if not a.family_parts.isdisjoint(b.family_parts):
        return 2
    if not a.family_all.isdisjoint(b.family_all):
        return 3
    jw = _jw(x, y)
    if jw >= 0.92:
        return 4
    if a.family_sound == b.family_sound:
        return 5
    return 6 if jw >= 0.80 else 7


def dob(a: Features, b: Features) -> int:
    x, y = a.dob, b.dob
    if x is None or y is None:
        return -1
    if x == y:
        return 0
    if len(x) == 8 and len(y) == 8 and x[:4] == y[:4] and x[4:6] == y[6:8] and x[6:8] == y[4:6]:
        return 1
    if _dl(x, y) <= 1:
        return 2
    if a.dob_days is None or b.dob_days is None:
        return 6
    if x[:6] == y[:6]:
        return 3
    apart = abs(a.dob_days - b.dob_days)
    return 4 if apart <= 365 else 5 if apart <= 1826 else 6


def home(a: Features, b: Features) -> int:
    if (a.postcode is None and a.address is None) or (b.postcode is None and b.address is None):
        return -1
    if a.address is not None and b.address is not None:
        if a.address == b.address:
            return 0
        if _jw(a.address, b.address) >= 0.9:
            return 1
    if a.postcode is not None and a.postcode == b.postcode:
        return 2 if a.address is None or b.address is None else 3
    if a.postcode_sector is not None and a.postcode_sector == b.postcode_sector:
        return 4
    if a.postcode_district is not None and a.postcode_district == b.postcode_district:
        return 5
    return 6


def gender(a: Features, b: Features) -> int:
    if a.gender is None or b.gender is None:
        return -1
    return 0 if a.gender == b.gender else 1


FAST: dict[str, Callable[[Features, Features], int]] = {
    "given_name": given,
    "family_name": family,
    "dob": dob,
    "home": home,
    "gender": gender,
}
