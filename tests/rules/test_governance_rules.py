"""The pure rules behind the register, retention, shields and decisions not to share (rules/), and how
the loader reads a shield column: table-driven, as the disclosure rules' own tests are."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from governed_graph import GOVERNED, TODAY, governed_settings, load_governed

from loaders.load import load_paths
from loaders.mapping import load_mapping
from loaders.records import build_records
from rules.governed import DECISION, DECISION_FACTS, LOCATION, PURPOSE, Lens
from rules.register import RegisterEntry
from rules.retention import fact_expired, involvement_expired
from rules.shielding import Shield, ShieldSet, street_key
from rules.withholding import Withholding

DAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("description", "purposes", "purpose", "permitted"),
    [
        ("no purposes named: not limited", [], "Early help assessment", True),
        ("any purpose", ["any"], None, True),
        (
            "a purpose listed, written differently",
            ["Child protection enquiry (s47)"],
            "child protection  ENQUIRY (s47)",
            True,
        ),
        ("a purpose not listed", ["Child protection enquiry (s47)"], "Early help assessment", False),
        ("no reason recorded", ["Child protection enquiry (s47)"], None, False),
    ],
)
def test_which_purposes_a_source_is_shared_for(description, purposes, purpose, permitted):
    assert RegisterEntry.of({"purposes": purposes}).permits(purpose) is permitted, description


@pytest.mark.parametrize(
    ("description", "involvement", "expired"),
    [
        ("current, started long ago", {"status": "current", "start": "2001-01-01"}, False),
        ("closed long ago", {"status": "historic", "start": "2001-01-01", "end": "2005-06-30"}, True),
        ("closed recently", {"status": "historic", "start": "2001-01-01", "end": "2024-06-30"}, False),
        ("closed, no end date: its last contact", {"status": "historic", "last_contact": "2010-01-01"}, True),
        ("closed, only a start", {"status": "historic", "start": "2010-01-01"}, True),
        ("status unknown but ended", {"status": "unknown", "end": "2010-01-01"}, True),
        ("closed, no date at all", {"status": "historic"}, False),
        ("exactly on the cut-off", {"status": "historic", "end": "2020-11-25"}, False),
        ("the day before the cut-off", {"status": "historic", "end": "2020-11-24"}, True),
    ],
)
def test_when_an_involvement_is_older_than_six_years(description, involvement, expired):
    assert involvement_expired(involvement, 72, DAY) is expired, description


def test_a_fact_expires_by_its_own_date_and_an_undated_one_never():
    assert fact_expired({"date": "2012-05-01"}, 72, DAY) and not fact_expired({"date": "2026-02-01"}, 72, DAY)
    assert not fact_expired({"date": ""}, 72, DAY) and not fact_expired({"date": "2012-05-01"}, None, DAY)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("27 Quarry Bank Road, Marple, Stockport", "27quarrybankroad"),
        ("27 QUARRY BANK ROAD\nMarple", "27quarrybankroad"),
        ("Flat 2, 12 Acacia Avenue, Heaton Moor", "flat212acaciaavenue"),
        ("", ""),
    ],
)
def test_a_street_line_is_compared_without_case_spaces_or_punctuation(address, key):
    assert street_key(address) == key


REFUGE = {"uid": "h-1", "address": "27 Quarry Bank Road, Marple, Stockport", "postcode": "SK6 7QR"}
SHIELDS = ShieldSet.build(
    [(Shield("p-leah", "person", "domestic abuse (refuge)"), "SK6 7QR", [REFUGE])], [], residents=["p-mia"]
)


@pytest.mark.parametrize(
    ("description", "home", "withheld"),
    [
        ("the shielded home itself", {"uid": "h-1"}, True),
        ("another node, same postcode written without its space", {"uid": "h-9", "postcode": "sk67qr"}, True),
        (
            "another node, same street line, no postcode",
            {"uid": "h-8", "address": "27 quarry bank road, Marple"},
            True,
        ),
        (
            "a neighbour's street, another number",
            {"uid": "h-7", "address": "29 Quarry Bank Road", "postcode": "SK6 7QS"},
            False,
        ),
    ],
)
def test_which_homes_are_withheld(description, home, withheld):
    assert SHIELDS.home_withheld(home) is withheld, description


def test_who_is_located_and_what_the_console_scrubs():
    assert SHIELDS.located("p-leah", []) and SHIELDS.located("p-mia", [])  # shielded; living there now
    assert SHIELDS.located("p-x", [{"uid": "h-1"}]) and not SHIELDS.located(
        "p-x", [{"uid": "h-1", "until": "2020-01-01"}]
    )
    row = {
        "a": "27 Quarry Bank Road, Marple",
        "b": ["sk6 7qr", 3],
        "c": {"d": "SK67QR"},
        "e": "9 Mill Street",
    }
    assert SHIELDS.scrub(row) == {
        "a": "withheld",
        "b": ["withheld", 3],
        "c": {"d": "withheld"},
        "e": "9 Mill Street",
    }


SOURCES = {
    "csc": {"uid": "csc", "name": "CSC", "service_type": "social_care", "purposes": ["any"]},
    "police": {
        "uid": "police",
        "name": "Police",
        "service_type": "police",
        "purposes": ["Child protection enquiry (s47)"],
    },
    "health": {"uid": "health", "name": "Health", "service_type": "health", "purposes": ["any"]},
}
ROW = {
    "person": {"uid": "p-leah", "given_name": "Leah", "postcode": "SK6 7QR"},
    "households": [REFUGE],
    "involvements": [
        {
            "uid": "i1",
            "team": "Team 1",
            "source": SOURCES["csc"],
            "facts": [{"kind": "note", "date": "2026-01-01"}],
        },
        {"uid": "i2", "source": SOURCES["police"]},
        {"uid": "i3", "team": "Marple Surgery", "source": SOURCES["health"]},
    ],
    "relationships": [{"other": {"uid": "p-mia"}}],
}


def test_the_lens_withholds_purpose_location_and_decisions_and_is_idempotent():
    decision = Withholding(1, "p-leah", "csc", "note", "reason", "2027-01-01", "sam")
    lens = Lens(DAY, "Early help assessment", SOURCES, SHIELDS, (decision,), viewer="pat", see_shielded=True)
    once = lens.row(ROW)
    assert lens.row(once) == once
    assert once["withheld"] == {"police": PURPOSE, "health": LOCATION}
    assert once["households"][0]["address"] == "address withheld" and "postcode" not in once["person"]
    [csc] = once["involvements"]
    assert csc["facts"] == [] and csc["withheld_note"] == DECISION_FACTS and csc["team"] == ""
    assert lens.withheld_sources(once, list(SOURCES.values())) == {"police": PURPOSE, "health": LOCATION}
    recorder = Lens(
        DAY, "Child protection enquiry (s47)", SOURCES, SHIELDS, (decision,), viewer="sam", see_shielded=True
    )
    assert recorder.row(ROW)["involvements"][0]["facts"] == [{"kind": "note", "date": "2026-01-01"}]
    whole = Withholding(2, "p-leah", "police", "", "reason", "2027-01-01", "sam")
    other = Lens(
        DAY, "Child protection enquiry (s47)", SOURCES, SHIELDS, (whole,), viewer="pat", see_shielded=True
    )
    assert other.row(ROW)["withheld"]["police"] == DECISION
    viewer = Lens(DAY, None, SOURCES, SHIELDS, (), viewer="vic", see_shielded=False)
    assert viewer.rows([ROW]) == [] and not viewer.visible("p-leah")


@pytest.mark.parametrize(
    ("description", "flag", "shielded"),
    [
        ("yes", "Yes", "yes"),
        ("Y", "Y", "yes"),
        ("no", "N", "no"),
        ("blank", "", ""),
        ("unreadable", "perhaps", "yes"),
    ],
)
def test_a_shield_column_is_read_and_an_unreadable_flag_shields(description, flag, shielded):
    mapping = load_mapping(GOVERNED / "csc.toml")
    row = {
        "person id": "X-1",
        "forename": "Ann",
        "surname": "Lee",
        "shielded": flag,
        "shield review": "31/13/2027",
    }
    result = build_records(mapping, 2, row, DAY, kinds={"person"})
    [person] = result.records
    assert person.values.get("shielded") == shielded, description
    assert "shield_review" in person.flagged  # a bad review date is flagged; the record is kept


def test_a_later_extract_with_a_blank_shield_column_does_not_lift_the_shield(tmp_path):
    store = load_governed(governed_settings(tmp_path), tmp_path / "r")
    later = tmp_path / "later"
    shutil.copytree(GOVERNED, later)
    csv_path = later / "csc.csv"
    csv_path.write_text(csv_path.read_text().replace(",Yes,domestic abuse (refuge),01/05/2027,", ",,,,"))
    toml = later / "csc.toml"
    toml.write_text(toml.read_text().replace('extract_date = "2026-11-20"', 'extract_date = "2026-11-24"'))
    load_paths(store, [later / "csc.toml"], tmp_path / "r2", today=date.fromisoformat(TODAY))
    rows = store.read_only_text(
        "MATCH (p:Person {given_name: 'Leah'})-[r:RECORDED_IN]->(:Source {uid: 'stk-csc'}) "
        "RETURN p.shielded AS s, r.extract_date AS day",
        {},
    ).rows
    assert rows == [{"s": "yes", "day": "2026-11-24"}]  # her row was written again, and she stays shielded
    store.close()
