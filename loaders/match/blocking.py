"""Blocking: which pairs are worth scoring. A union of keys, so that one wrong field (a typo in a name,
a mistyped or swapped date of birth, a move, a new or double-barrelled family name, a nickname,
swapped names) still leaves a key the two records share; and no key on a name alone unless nothing
else is known, so that no block grows with the population (see bench/matching.py: pairs
completeness and reduction ratio).
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish

from loaders.match.features import Features

Key = tuple[str, ...]
MAX_BLOCK = 100  # a key shared by more people than this says little: it is not used for candidates
# keys for when much slipped (names alone, first letters, a name and the district): only rare values
# (and the keys for when two or three fields slipped: a date of birth, a postcode, a family name's sound)
MAX_BLOCK_BY_KIND = {"nn": 12, "n": 12, "p2": 12, "gd": 6, "fd": 6, "d": 6, "fm": 6, "sd": 6, "pn": 6}


@lru_cache(maxsize=200_000)
def phonetic(name: str) -> str:
    """Metaphone of a folded name (hyphens dropped): Smith / Smyth -> SM0."""
    return jellyfish.metaphone(name.replace("-", "")) or name


def _name_pairs(f: Features) -> set[tuple[str, str]]:
    """Phonetic (given, family) pairs, order-free (so swapped names meet), over nicknames' canonical
    forms and every family-name part and other name."""
    givens = {phonetic(k) for k in f.given_keys} if f.given else {""}
    families = {phonetic(n) for n in f.family_all | f.family_parts} if f.family else {""}
    return {tuple(sorted((g, n))) for g in givens for n in families}  # type: ignore[misc]


def blocking_keys(f: Features) -> list[Key]:
    keys: list[Key] = []
    if f.nhs:
        keys.append(("nhs", f.nhs))
    if f.upn:
        keys.append(("upn", f.upn))
    names = _name_pairs(f)
    year = f.dob[:4] if f.dob else ""
    for g, n in names:
        if year:
            keys.append(("ny", g, n, year))  # any DOB slip but the year's, any move
        if f.postcode_district:
            keys.append(("nd", g, n, f.postcode_district))  # any DOB slip, a move nearby
        keys.append(("n", g, n))  # everything else slipped: only for names few people share
    if f.given and f.family:  # both names mistyped after their first letters, and everything else slipped
        keys.append(("p2", *sorted((f.given[:2], f.family[:2]))))
    initials = {n[:1] for n in (f.given, f.family) if n}  # either initial: swapped names meet too
    if f.given and f.family:
        keys.append(("nn", f.given, f.family))  # exact names, when DOB and postcode both slipped
    for initial in initials:
        if f.postcode:
            keys.append(("pi", f.postcode, initial))  # DOB and a name both slipped
        if f.dob:
            keys.append(("di", f.dob, initial))  # a name changed or mistyped, a nickname
    if f.postcode_district:  # one name right, the other and the DOB slipped, a move nearby
        keys += [("gd", f.given or "", f.postcode_district), ("fd", f.family or "", f.postcode_district)]
    if f.dob and f.postcode_district:
        keys.append(("dp", f.dob, f.postcode_district))  # both names changed
    if f.dob:
        keys.append(("d", f.dob))  # both names and the postcode slipped
    if f.family and f.dob and len(f.dob) == 8:  # the given name, the year and the postcode slipped
        keys.append(("fm", f.family, f.dob[4:]))
    if f.family and f.postcode_district:  # the given name and the DOB slipped, the family name mistyped
        keys.append(("sd", phonetic(f.family), f.postcode_district))
    if f.postcode and not f.dob:  # no DOB to key on, and both names slipped: the postcode alone
        keys.append(("pn", f.postcode))
    return keys


def cap_of(block: Key) -> int:
    """How many people a block may hold and still give candidates."""
    return MAX_BLOCK_BY_KIND.get(block[0], MAX_BLOCK)


def usable(block: Key, size: int) -> bool:
    """Whether a block is small enough to take candidates from (the bound that keeps 1M people fast)."""
    return size <= cap_of(block)
