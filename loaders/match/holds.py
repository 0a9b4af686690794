"""Why a pair the match model would merge is held for review instead of merged.

An unborn child's record is only ever a possible match; a pair with no name to compare is held; a
pair that may be two relatives is held when the household model's posterior (loaders/match/household.py)
does not reach the match threshold, or, where it does not speak, by the hand-written relatives rule.
Each hold is given in plain words, which the review page and the explanation show.
"""

from __future__ import annotations

from loaders.match.explanation import Explanation
from loaders.match.household import DOB_CLOSE, FAMILY_AGREES, HOME_AGREES, SHARED_HOME, HouseholdModel

UNBORN = 'unborn or not yet named ("Baby of ..."): a possible match only, until a reviewer decides'
TWO_PEOPLE = "no given name, and as like another person: twins?"
UNNAMED = "no given name, and a model trained without priors by kind of pair: re-train it to compare"
NO_NAME = "no name to compare (a given name on one side, a family name on the other): a possible match only"


def held_because(
    e: Explanation,
    may_merge: bool,
    relatives: tuple[bool, bool],
    household: HouseholdModel | None,
    threshold: float,
) -> str:
    """Why a pair the match model would merge is held for review instead ("" when it is not): a
    record of an unborn child (``may_merge`` False: either side) is only ever a possible match; then,
    when relatives are held (``relatives``: whether to hold them, whether one source holds both
    records), a pair that may be two relatives (``household_caution``). A missing given name is no
    evidence either way: the household posterior, without it, must reach the threshold as for any
    pair sharing family name and home; but a pair with no name compared at all is held."""
    if not may_merge:
        return UNBORN
    if all(p.level == "null" for p in e.parts if p.comparison in ("given_name", "family_name")):
        return NO_NAME  # a date of birth and a home alone: anyone born that day nearby
    hold, same_source = relatives
    return household_caution(e, same_source, household, threshold) if hold else ""


def household_caution(
    e: Explanation, same_source: bool, household: HouseholdModel | None, threshold: float
) -> str:
    """Why a pair the match model would merge may be two relatives instead ("" when not): for a pair
    agreeing on family name and home, the household model's posterior below the threshold (or, with
    no household model, the relatives rule); for any other pair, the relatives rule."""
    if e.decided_by:
        return ""
    levels = {p.comparison: p.level for p in e.parts}
    if household is None or not in_household(levels):
        return relatives_rule(levels, same_source)
    if levels.get("given_name") == "null" and not household.by_sources:
        return UNNAMED  # a model file from before: it cannot tell twins from one person without names
    if household.posterior(levels, same_source) >= threshold:
        return ""
    return relatives_rule(levels, same_source, in_household=True) or SHARED_HOME


def in_household(levels: dict[str, str]) -> bool:
    """Family name and home agree (a typo or a shared part of a double-barrelled name counts, as it
    did for the rule; the prior was estimated on exact family names and postcodes)."""
    return levels.get("family_name") in FAMILY_AGREES and levels.get("home") in HOME_AGREES


def relatives_rule(levels: dict[str, str], same_source: bool, in_household: bool = False) -> str:
    """The hand-written rule, for a pair the household model does not speak for (and the words of a
    caution when it holds a pair): siblings (given names and dates of birth both differ), a parent
    and child or siblings of the same name (same family name and home, dates of birth years apart)
    and, within one source (which registered each of the two), twins (given names differ outright or
    one is missing, same date of birth). Across sources a given name that differs outright may be a
    preferred name: there the model decides. With ``in_household`` the words are given whatever the source."""
    given, dob = levels.get("given_name"), levels.get("dob")
    if given == "else" and dob in ("else", "years5", "year", "null"):
        return "given names and dates of birth differ: siblings?"
    family, home = levels.get("family_name"), levels.get("home")
    if same_source and given == "else" and dob in DOB_CLOSE and family == "null" and home in HOME_AGREES:
        # one record's family name is missing (or flagged away): the rest still says twins
        return "same source, home and date of birth, given names differ, a family name missing: twins?"
    if family not in FAMILY_AGREES or home not in HOME_AGREES:
        return ""
    if dob in ("else", "years5"):
        return "same family name and home, dates of birth years apart: parent and child?"
    if given == "else" and dob in DOB_CLOSE and same_source:
        return "same source, family name, home and date of birth, given names differ: twins?"
    if given == "null" and dob in DOB_CLOSE and same_source:
        return "same source, family name, home and date of birth, a given name missing: twins?"
    if given == "else" and dob in DOB_CLOSE and in_household:
        return "same family name, home and date of birth, given names differ: twins?"
    return ""
