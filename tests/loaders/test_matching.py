"""The match model: estimated by Splink on a small generated fixture, stored as a reviewable file,
scored in Python exactly as Splink scores it, and used by the person index (duplicates within a
source found, identifiers deciding, relatives held for review, reviewers' decisions obeyed)."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import pyarrow as pa
import pytest

from app.matches import waterfall
from loaders.generate import generate
from loaders.match.blocking import blocking_keys
from loaders.match.features import features
from loaders.match.model import MatchModel, ModelError, default_model
from loaders.match.source import extract_records
from loaders.match.stored import match_props
from loaders.match.train import feature_table, splink_linker, train
from loaders.matching import Identity
from loaders.resolve import Decisions, PersonIndex

TODAY = date(2026, 11, 1)
BASE = Identity(
    given="Jaden",
    family="Smith",
    dob="2015-03-02",
    postcode="SK4 1AA",
    gender="male",
    address="12 Acacia Avenue",
)


def variant(**changes: str) -> Identity:
    return Identity(**{**BASE.__dict__, **changes})


@pytest.fixture(scope="module")
def fixture_records(tmp_path_factory):
    out = tmp_path_factory.mktemp("extracts")
    generate(400, 11, out, TODAY)
    return [features(identity) for _, identity in extract_records([out], TODAY)]


@pytest.fixture(scope="module")
def trained(fixture_records):
    return train(fixture_records, "fixture")


def test_the_model_is_estimated_from_the_records_and_kept_as_a_reviewable_file(
    trained, fixture_records, tmp_path
):
    assert 0 < trained.prior < 0.01
    doc = trained.to_json()
    given = doc["comparisons"]["given_name"]
    assert given["exact"]["match_weight"] > given["jw92"]["match_weight"] > given["else"]["match_weight"]
    assert (
        doc["comparisons"]["dob"]["exact"]["match_weight"]
        > 5
        > doc["comparisons"]["dob"]["else"]["match_weight"]
    )
    assert given["exact"]["tf_adjusted"] == "given" and "sql" in given["exact"]
    assert doc["trained"]["records"] == len(fixture_records)
    path = tmp_path / "model.json"
    trained.save(path)
    again = MatchModel.load(path)
    assert again.m_u == trained.m_u and again.prior == trained.prior and again.tf == trained.tf
    assert again.household == trained.household
    assert json.loads(path.read_text())["format"] == "familynet-match-model/2"


def test_a_model_file_that_does_not_fit_the_comparisons_is_refused(trained, tmp_path):
    path = tmp_path / "model.json"
    trained.save(path)
    doc = json.loads(path.read_text())
    del doc["comparisons"]["dob"]["swapped"]
    path.write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="dob: level 'swapped' missing: re-train"):
        MatchModel.load(path)
    with pytest.raises(ModelError, match="matching train"):
        MatchModel.load(tmp_path / "nowhere.json")


def test_python_scores_reproduce_splink_predict_for_the_same_pairs(trained, fixture_records):
    """Same model, same pairs: every comparison's weight and the total agree within 1e-6."""
    ids = [str(i) for i in range(len(fixture_records))]
    rng = random.Random(3)
    pairs = {tuple(sorted(rng.sample(range(len(ids)), 2))) for _ in range(3000)}
    blocks: dict = {}
    for i, f in enumerate(fixture_records):  # and pairs that look alike, so every level is met
        for key in blocking_keys(f):
            blocks.setdefault(key, []).append(i)
    pairs |= {
        (a, b) for members in blocks.values() if len(members) < 30 for a in members for b in members if a < b
    }
    linker = splink_linker(trained, feature_table(fixture_records, ids))
    api = linker._db_api
    blocked = pa.table(
        {
            "join_key_l": [ids[a] for a, _ in pairs],
            "join_key_r": [ids[b] for _, b in pairs],
            "match_key": ["0"] * len(pairs),
        }
    )
    linker.table_management.register_blocked_pairs_for_predict(api.register(blocked))
    predicted = linker.inference.predict().as_record_list()
    assert len(predicted) == len(pairs)
    levels_seen = set()
    for row in predicted:
        a, b = fixture_records[int(row["unique_id_l"])], fixture_records[int(row["unique_id_r"])]
        explanation = trained.explain(a, b)
        assert math.isclose(explanation.match_weight, row["match_weight"], abs_tol=1e-6)
        assert math.isclose(trained.weight(a, b), row["match_weight"], abs_tol=1e-6)
        for part in explanation.parts:
            splink_weight = row[f"mw_{part.comparison}"] + row.get(f"mw_tf_adj_{part.comparison}", 0.0)
            assert math.isclose(part.weight, splink_weight, abs_tol=1e-6), part
            levels_seen.add((part.comparison, part.level))
    assert len(levels_seen) >= 20  # most levels were met, not just exact/else


def test_explanations_are_stored_as_parallel_lists_and_read_back_as_a_waterfall():
    model = default_model()
    e = model.explain(features(BASE), features(variant(given="Jayden", dob="2015-02-03")))
    props = match_props(e, ("health", "H9"), model.version)
    assert props["comparison_names"] == ["given_name", "family_name", "dob", "home", "gender"]
    assert props["comparison_levels"] == ["jw92", "exact", "swapped", "address", "exact"]
    bars = waterfall.steps(props)
    assert bars[0].comparison == "prior" and math.isclose(bars[-1].total, props["match_weight"], abs_tol=1e-5)
    assert (
        "given name Jaden/Jayden JW 0.96" in props["reasons"] and "DOB day/month swapped" in props["reasons"]
    )


def index(**kwargs) -> PersonIndex:
    return PersonIndex(0.9, 0.25, default_model(), **kwargs)


@pytest.mark.parametrize(
    "description, a, b, merged",
    [
        ("typo in given name", BASE, variant(given="Jayden"), True),
        ("day/month swapped", BASE, variant(dob="2015-02-03"), True),
        ("moved house", BASE, variant(postcode="M14 5RT", address="3 Moss Lane"), True),
        # the shipped household prior (generated families) says twins: see test_match_household.py
        ("twin in another source", BASE, variant(given="Jordan"), False),
        ("a generation apart", BASE, variant(dob="1988-06-11", gender="male"), False),
        ("different valid NHS numbers", variant(nhs="9434765919"), variant(nhs="4010232137"), False),
        (
            "same NHS number, little else",
            variant(nhs="9434765919"),
            Identity(given="J", family="Smith-Jones", nhs="9434765919"),
            True,
        ),
    ],
)
def test_records_from_two_sources(description, a, b, merged):
    idx = index()
    first = idx.resolve("csc", "C1", a)
    second = idx.resolve("health", "H1", b)
    assert (second.person == first.person) is merged, f"{description}: {second.score} {second.reasons}"


def test_duplicates_within_one_source_are_found_but_relatives_are_held_for_review():
    idx = index()
    child = idx.resolve("csc", "C1", BASE)
    duplicate = idx.resolve("csc", "C9", variant(given="Jayden"))  # the same child entered twice
    assert duplicate.person == child.person and not duplicate.new
    twin = idx.resolve("csc", "C2", variant(given="Jordan"))
    assert twin.new and twin.possible[0].person == child.person
    assert "twins?" in twin.possible[0].explanation.reasons
    father = idx.resolve("csc", "C3", variant(dob="1988-06-11"))  # named after his father
    assert father.new and father.person != child.person


def test_an_nhs_conflict_with_everything_else_alike_is_proposed_not_merged():
    idx = index()
    first = idx.resolve("csc", "C1", variant(nhs="9434765919"))
    other = idx.resolve("health", "H1", variant(nhs="4010232137"))
    assert other.new and other.possible[0].person == first.person
    assert (
        other.possible[0].explanation.blocked
        and "NHS number differs" in other.possible[0].explanation.reasons
    )


def test_reviewers_decisions_override_the_model():
    decisions = Decisions()
    decisions.add("different", ("csc", "C1"), ("health", "H1"))
    decisions.add("same", ("csc", "C1"), ("police", "P1"))
    idx = index(decisions=decisions)
    first = idx.resolve("csc", "C1", BASE)
    judged_different = idx.resolve("health", "H1", variant())
    assert judged_different.new and judged_different.person != first.person
    confirmed = idx.resolve("police", "P1", Identity(given="Kai", family="Jones"))
    assert confirmed.person == first.person and "confirmed by a reviewer" in confirmed.reasons
