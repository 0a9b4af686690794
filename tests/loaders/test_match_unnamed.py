"""Records without a given name are compared like any other, the given name no evidence either way:
the household model decides whether such a record at a shared home is the person or a relative (a
twin shares family name, home and date of birth), with the prior of its own kind of pair (one source
registering both records, or two sources). An unborn child's record ("Baby of ...") is only ever a
possible match, on either side; an unnamed record that fits two people is held; a pair with no name
to compare at all is held."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from loaders.generate import generate
from loaders.identity import RecordIdentity
from loaders.match.features import features
from loaders.match.household import ACROSS_SOURCES, SAME_SOURCE, estimate
from loaders.match.model import MatchModel, default_model
from loaders.match.source import extract_records
from loaders.match.train import train
from loaders.resolve import PersonIndex

TODAY = date(2026, 11, 1)
HOME = {"family": "Smith", "postcode": "SK4 1AA", "address": "12 Acacia Avenue"}
JADEN = RecordIdentity(given="Jaden", dob="2015-03-02", gender="male", **HOME)
UNNAMED = replace(JADEN, given="", unnamed=True)  # the same child, the given name not recorded
UNBORN = replace(JADEN, given="", unborn=True)  # "Baby of ...": unborn or newborn, not yet named


def shipped(household: str = "model") -> MatchModel:
    """The shipped model (trained on generated families); its household model as it is, without its
    priors by kind of pair (a model file from before them), or none at all."""
    model = default_model()
    assert model.household is not None and model.household.by_sources
    if household == "no priors by kind":
        return replace(model, household=replace(model.household, by_sources={}))
    if household == "none":
        return replace(model, household=None)
    return model


@pytest.mark.parametrize(
    "description, household, first, second, same_source, merged, words",
    [
        ("unnamed, another agency, all else the same", "model", JADEN, UNNAMED, False, True, ""),
        ("unnamed first, the named record after", "model", UNNAMED, JADEN, False, True, ""),
        ("unnamed, the same agency at the same home: twins?", "model", JADEN, UNNAMED, True, False, "twins?"),
        (
            "unnamed, another agency, a father's date of birth",
            "model",
            replace(JADEN, dob="1988-06-11"),
            UNNAMED,
            False,
            False,
            "",
        ),
        ("unborn, another agency, all else the same", "model", JADEN, UNBORN, False, False, "unborn"),
        ("a named record against an unborn one", "model", UNBORN, JADEN, False, False, "unborn"),
        (
            "no name to compare: a given name on one side, a family name on the other",
            "model",
            replace(JADEN, family=""),
            UNNAMED,
            False,
            False,
            "no name to compare",
        ),
        (
            "a model file without priors by kind of pair",
            "no priors by kind",
            JADEN,
            UNNAMED,
            False,
            False,
            "re-train",
        ),
        ("no household model, another agency", "none", JADEN, UNNAMED, False, True, ""),
        ("no household model, the same agency: twins?", "none", JADEN, UNNAMED, True, False, "twins?"),
    ],
)
def test_a_record_without_a_given_name_merges_only_when_the_evidence_says_one_person(
    description, household, first, second, same_source, merged, words
):
    index = PersonIndex(0.9, 0.25, shipped(household))
    a = index.resolve("csc", "C1", first)
    b = index.resolve("csc" if same_source else "health", "H1", second)
    assert (b.person == a.person) is merged, f"{description}: {b.reasons}"
    if not merged and words:
        assert b.possible and b.possible[0].person == a.person, description
        assert words in b.possible[0].explanation.reasons, (
            f"{description}: {b.possible[0].explanation.reasons}"
        )


def test_an_unnamed_record_that_fits_two_people_is_held_for_review():
    index = PersonIndex(0.9, 0.25, shipped())
    jaden = index.resolve("csc", "C1", JADEN)
    jordan = index.resolve("csc", "C2", replace(JADEN, given="Jordan"))  # his twin brother
    assert jordan.person != jaden.person
    unnamed = index.resolve("health", "H1", UNNAMED)
    assert unnamed.new and {c.person for c in unnamed.possible[:2]} == {jaden.person, jordan.person}
    assert all("twins?" in c.explanation.reasons for c in unnamed.possible[:2])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("extracts")
    generate(400, 11, out, TODAY)
    return extract_records([out], TODAY)


def test_the_household_prior_by_kind_of_pair_is_estimated_from_the_records(generated, tmp_path):
    records = [features(i) for _, i in generated]
    sources = [key[0] for key, _ in generated]
    model = train(records, "fixture", sources)
    household = model.household
    assert household is not None
    # generated agencies never hold one child twice; two agencies often hold the same child
    assert household.by_sources[SAME_SOURCE] < 0.01 < 0.2 < household.by_sources[ACROSS_SOURCES]
    assert household.by_sources[SAME_SOURCE] < household.prior < household.by_sources[ACROSS_SOURCES]
    # one source only (a deduplication extract): its prior is the pooled one
    alone, _ = estimate(records, model.prior, model.m_u, ["one"] * len(records))
    assert alone is not None and alone.by_sources == {SAME_SOURCE: pytest.approx(alone.prior)}
    # without the sources, none (the model then holds unnamed household pairs)
    unknown, _ = estimate(records, model.prior, model.m_u)
    assert unknown is not None and unknown.by_sources == {}
    path = tmp_path / "model.json"
    replace(model, household=household).save(path)
    assert json.loads(path.read_text())["household"]["probability_by_sources"] == household.by_sources
    assert MatchModel.load(path).household == household


def test_an_unborn_record_is_kept_in_the_stored_features():
    from loaders.match.features import from_stored, to_stored

    f = features(UNBORN)
    assert f.unborn and from_stored(to_stored(f)) == f
    assert not features(UNNAMED).unborn
