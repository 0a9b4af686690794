"""The matcher's fast paths give exactly what the plain ones give: features read back from the graph
(MatchRecord.features) equal the features worked out from the record, and the weigher, which skips
pairs that cannot reach the floor, gives every other pair exactly the weight ``weight()`` does."""

from __future__ import annotations

import math
from datetime import date
from itertools import product
from pathlib import Path

from loaders.match.features import features, from_stored, to_stored
from loaders.match.model import default_model
from loaders.match.source import extract_records
from loaders.matching import Identity

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
EDGES = [
    Identity(),  # nothing known
    Identity(given="Zoë", family="Smith-Jones", dob="2015-03-02", postcode="SK4 1AA", other_names="Brown"),
    Identity(given="Liz", family="O'Brien", dob_text="19972108", address="Flat 2, 12 Acacia Ave., Stockport"),
    Identity(given="Elizabeth", family="OBrien", dob="1997-08-21", gender="female", nhs="9434765919"),
]


def fixture_features() -> list:
    identities = [identity for _, identity in extract_records([AGENCIES], date(2026, 11, 25))] + EDGES
    return [features(i) for i in identities]


def test_features_read_back_from_the_graph_equal_the_records_own():
    for f in fixture_features():
        assert from_stored(to_stored(f)) == f


def test_the_weigher_gives_every_pair_it_keeps_the_full_weight_and_drops_only_pairs_below_the_floor():
    model = default_model()
    found = fixture_features()
    floor = 0.25
    floor_w = math.log2(floor / (1 - floor))
    kept = 0
    for a in found:
        weigh = model.weigher(a, floor)
        for b in found:
            full, fast = model.weight(a, b), weigh(b)
            if fast is None:
                assert full < floor_w
            else:
                kept += 1
                assert math.isclose(fast, full, rel_tol=0, abs_tol=1e-9)  # sums in another order
    assert kept > len(found)  # the fixture holds pairs above the floor (every record with itself, at least)
    assert any(model.weigher(a, floor)(b) is None for a, b in product(found[:5], found))  # and below it
