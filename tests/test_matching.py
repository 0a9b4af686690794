"""Matching rules, table-driven: (description, inputs, expected)."""

from __future__ import annotations

import pytest

from loaders.matching import (
    DobRule,
    FamilyNameRule,
    GivenNameRule,
    Identity,
    PostcodeRule,
    blocking_keys,
    score,
)
from loaders.resolve import PersonIndex

BASE = Identity(given="Jaden", family="Smith", dob="2015-03-02", postcode="SK4 1AA")


def variant(**changes: str) -> Identity:
    return Identity(**{**BASE.__dict__, **changes})


@pytest.mark.parametrize(
    "description, rule, a, b, expected_score, expected_reason",
    [
        ("same given name", GivenNameRule(0.3), BASE, variant(given="JADEN"), 1.0, "given name same"),
        ("nickname", GivenNameRule(0.3), variant(given="Elizabeth"), variant(given="Liz"), 0.95, "nickname"),
        ("one-letter typo", GivenNameRule(0.3), BASE, variant(given="Jayden"), 0.9, "given name JW 0.96"),
        ("different names", GivenNameRule(0.3), BASE, variant(given="Mohammed"), 0.0, "given name differs"),
        ("sounds the same", FamilyNameRule(0.2), BASE, variant(family="Smyth"), 0.9, "sounds the same"),
        (
            "other name known",
            FamilyNameRule(0.2),
            variant(other_names="Walsh"),
            variant(family="Walsh"),
            1.0,
            "known as other name",
        ),
        ("changed family name", FamilyNameRule(0.2), BASE, variant(family="Okafor"), 0.3, "names change"),
        ("dob exact", DobRule(0.3), BASE, variant(), 1.0, "DOB exact"),
        (
            "dob day/month swapped",
            DobRule(0.3),
            variant(dob="2015-03-02"),
            variant(dob="2015-02-03"),
            0.85,
            "swapped",
        ),
        ("dob one digit off", DobRule(0.3), BASE, variant(dob="2015-03-03"), 0.8, "one digit off"),
        ("dob different", DobRule(0.3), BASE, variant(dob="2009-10-21"), 0.0, "DOB differs"),
        ("postcode same", PostcodeRule(0.2), BASE, variant(), 1.0, "postcode same"),
        ("postcode district", PostcodeRule(0.2), BASE, variant(postcode="SK4 2BB"), 0.7, "district"),
        ("postcode moved", PostcodeRule(0.2), BASE, variant(postcode="M1 1AA"), 0.0, "people move"),
    ],
)
def test_rule_levels(description, rule, a, b, expected_score, expected_reason):
    level = rule.compare(a, b)
    assert level is not None, description
    assert level.score == expected_score, description
    assert expected_reason in level.reason, description


@pytest.mark.parametrize("rule_type", [GivenNameRule, FamilyNameRule, DobRule, PostcodeRule])
def test_a_missing_value_is_no_evidence_rather_than_a_mismatch(rule_type):
    assert rule_type(0.2).compare(BASE, variant(given="", family="", dob="", postcode="")) is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"weight": 0}, "weight"),
        ({"weight": 1.5}, "weight"),
        ({"weight": 0.2, "threshold": 0.2}, "threshold"),
    ],
)
def test_rules_refuse_nonsense_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GivenNameRule(**kwargs)


@pytest.mark.parametrize(
    "description, a, b, merge, possible",
    [
        ("identical", BASE, variant(), True, True),
        ("typo in given name", BASE, variant(given="Jayden"), True, True),
        ("typo and day/month swap", BASE, variant(given="Jayden", dob="2015-02-03"), True, True),
        ("moved house", BASE, variant(postcode="M14 5RT"), True, True),
        ("no DOB on one side, same address", BASE, variant(dob=""), True, True),
        ("no DOB on one side, moved", BASE, variant(dob="", postcode="M1 1AA"), False, True),
        ("changed family name, same address", BASE, variant(family="Okafor"), False, True),
        ("twin", BASE, variant(given="Jordan"), False, False),
        ("twin with a close name", variant(given="Jack"), variant(given="Jake"), False, True),
        ("same name, different person", BASE, variant(dob="1979-06-11", postcode="M1 1AA"), False, False),
        ("different NHS numbers decide", variant(nhs="9434765919"), variant(nhs="4010232137"), False, False),
        (
            "same NHS number decides",
            variant(nhs="9434765919"),
            Identity(given="J", family="Smith-Jones", nhs="9434765919"),
            True,
            True,
        ),
    ],
)
def test_overall_score_against_the_default_thresholds(description, a, b, merge, possible):
    value, reasons = score(a, b)
    assert (value >= 0.90) is merge, f"{description}: {value} ({reasons})"
    assert (value >= 0.75) is possible, f"{description}: {value} ({reasons})"
    assert reasons, description


def test_blocking_keys_meet_despite_a_typo_a_swapped_dob_a_move_or_a_new_surname():
    base = set(blocking_keys(BASE))
    for other in (
        variant(given="Jayden"),
        variant(dob="2015-02-03"),
        variant(postcode="M1 1AA"),
        variant(family="Okafor"),
        variant(dob=""),
    ):
        assert base & set(blocking_keys(other)), other


def test_index_merges_matches_keeps_middle_band_as_possible_and_never_merges_within_a_source():
    index = PersonIndex(match_threshold=0.9, possible_threshold=0.75)
    first = index.resolve("csc", "C1", BASE)
    assert first.new
    same = index.resolve("health", "H9", variant(given="Jayden"))
    assert (same.person, same.new) == (first.person, False)
    assert "JW" in same.reasons
    possible = index.resolve("police", "N1", variant(family="Okafor"))
    assert possible.new and possible.possible[0][0] == first.person
    sibling_record = index.resolve("csc", "C2", variant())  # same source, another id: not the same person
    assert sibling_record.person != first.person
    again = index.resolve("csc", "C1", BASE)
    assert again.known and again.person == first.person
