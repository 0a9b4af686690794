"""Blocking keys (loaders/match/blocking.py): a true pair with two or three fields garbled still shares a
key, so it is compared at all; and the keys for so little agreement stay in small blocks, so that the
candidates per record do not grow with the graph. The cases are true pairs that FEBRL2/3 hold."""

from __future__ import annotations

import pytest

from loaders.match.blocking import blocking_keys, cap_of, usable
from loaders.match.features import features
from loaders.matching import Identity

CASES = [
    (
        "both names and the postcode slipped, the date of birth right",
        Identity(given="Riley", family="Excell", dob="1959-01-24", postcode="SK3 7LL"),
        Identity(given="Gloster", family="Mia", dob="1959-01-24", postcode="M37 1LL"),
    ),
    (
        "the given name, the year of birth and the postcode slipped",
        Identity(given="Kody", family="White", dob="1930-06-09", postcode="SK26 7EE"),
        Identity(given="Lillianna", family="White", dob="1962-06-09", postcode="SK27 6EE"),
    ),
    (
        "the given name and the date of birth slipped, the family name mistyped, a move in the district",
        Identity(given="Emmet", family="Weller", dob="1927-05-16", postcode="SK4 6GG"),
        Identity(given="Madisoen", family="Welller", dob="1934-10-24", postcode="SK4 5AA"),
    ),
    (
        "no date of birth on either, both names slipped, the same postcode",
        Identity(given="Jacobie", family="Tilleq", postcode="SK4 6NN"),
        Identity(given="Blake", family="Moody", postcode="SK4 6NN"),
    ),
]


@pytest.mark.parametrize(("description", "a", "b"), CASES, ids=[c[0] for c in CASES])
def test_a_pair_with_two_or_three_fields_garbled_still_shares_a_key(description, a, b):
    shared = set(blocking_keys(features(a))) & set(blocking_keys(features(b)))
    assert shared, description


@pytest.mark.parametrize(("description", "a", "b"), CASES, ids=[c[0] for c in CASES])
def test_the_key_that_rescues_such_a_pair_is_given_up_when_more_than_six_share_it(description, a, b):
    """Seven people born on one day say little: past six, the key gives no candidates (its block only
    grows with the graph), where a key with more agreement (a name and the date) still would."""
    shared = set(blocking_keys(features(a))) & set(blocking_keys(features(b)))
    assert shared, description
    for key in shared:
        assert cap_of(key) <= 6, (description, key)
        assert usable(key, 6) and not usable(key, 7)
