"""Reviewers' decisions on the real embedded engine: a confirmed pair is merged and stays merged, a
merged-away id redirects, a pair judged different leaves the queue and stays apart, a split survives
a re-load, and all of it survives a rebuild of the graph from the extracts (decisions exported and
imported), with the same person ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph import Settings, open_store
from loaders.load import load_paths
from loaders.match.review import ReviewError, current_id, decide, export_decisions, import_decisions, split

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        load_paths(s, [AGENCIES], tmp_path / "report", TODAY)
        yield s


def person_of(store, source: str, record_id: str) -> str:
    rows = store.read_only_text(
        "MATCH (p:Person)-[r:RECORDED_IN {record_id: $id}]->(:Source {uid: $source}) RETURN p.uid AS uid",
        {"id": record_id, "source": source},
    ).rows
    assert len(rows) == 1, (source, record_id, rows)
    return rows[0]["uid"]


def count(store, cypher: str) -> int:
    return store.read_only_text(cypher).rows[0]["n"]


def reload(store, tmp_path, name: str = "again") -> None:
    report = load_paths(store, [AGENCIES], tmp_path / name, TODAY)
    assert not report.failed_files and report.total("quarantined") == 0


def queue(store) -> list[dict]:
    return store.read("list_possible_matches", source=None, authority=None, limit=50)


def test_the_queue_shows_the_possible_match_with_both_records_and_the_explanation(store):
    (row,) = queue(store)
    assert (row["a"]["given_name"], row["b"]["given_name"]) == ("Lilly", "Lily")
    assert (row["a_record"]["record_id"], row["b_record"]["record_id"]) == ("H10", "C3")
    assert row["a_record"]["source_name"] == "Manchester school nursing"
    match = row["match"]
    assert (
        len(match["comparison_names"]) == len(match["comparison_weights"]) == len(match["comparison_levels"])
    )
    assert abs(match["prior_weight"] + sum(match["comparison_weights"]) - match["match_weight"]) < 1e-4


def test_a_confirmed_pair_is_merged_stays_merged_and_the_merged_away_id_redirects(store, tmp_path):
    lilly, lily = person_of(store, "man-health", "H10"), person_of(store, "stk-csc", "C3")
    people_before = count(store, "MATCH (p:Person) RETURN count(p) AS n")
    outcome = decide(
        store, lily, lilly, "same", "same DOB and address; health has her old surname", "steward1"
    )
    assert outcome.person == lily
    assert person_of(store, "man-health", "H10") == lily
    assert current_id(store, lilly) == lily and current_id(store, lily) == lily
    assert current_id(store, "p-nobody") is None
    assert count(store, "MATCH (p:Person) RETURN count(p) AS n") == people_before - 1
    services = store.read_only_text(
        "MATCH (p:Person {uid: $uid})-[:INVOLVED_IN]->(:Involvement)-[:WITH_SERVICE]->(s:Service) "
        "RETURN s.name AS name ORDER BY name",
        {"uid": lily},
    ).rows
    assert [s["name"] for s in services] == [
        "Manchester School Nursing",
        "Stockport Children's Social Care",
    ]
    person = store.read("get_person_details", uid=lily)[0]["person"]
    assert person["given_name"] == "Lily" and "Jones" in person["other_names"]
    assert queue(store) == []
    decision = store.read("list_match_decisions")[0]
    assert (decision["decision"], decision["decided_by"]) == ("same", "steward1")
    reload(store, tmp_path)
    assert person_of(store, "man-health", "H10") == person_of(store, "stk-csc", "C3") == lily
    assert count(store, "MATCH (p:Person) RETURN count(p) AS n") == people_before - 1
    assert queue(store) == []


def test_a_pair_judged_different_leaves_the_queue_and_stays_apart(store, tmp_path):
    lilly, lily = person_of(store, "man-health", "H10"), person_of(store, "stk-csc", "C3")
    decide(store, lilly, lily, "different", "health say a different girl", "steward1")
    assert queue(store) == []
    reload(store, tmp_path)
    assert person_of(store, "man-health", "H10") == lilly and person_of(store, "stk-csc", "C3") == lily
    assert queue(store) == []


def test_not_sure_keeps_the_pair_in_the_queue_after_the_undecided_ones(store):
    lilly, lily = person_of(store, "man-health", "H10"), person_of(store, "stk-csc", "C3")
    decide(store, lilly, lily, "unsure", "ask the school nurse", "steward1")
    (row,) = queue(store)
    assert row["match"]["decision"] == "unsure"


def test_a_split_moves_the_records_and_what_they_said_and_survives_a_reload(store, tmp_path):
    jaden = person_of(store, "stk-csc", "C1")
    assert person_of(store, "man-health", "H9") == jaden
    outcome = split(store, jaden, [("man-health", "H9")], "a different child at the same address", "steward1")
    jayden = outcome.person
    assert jayden != jaden
    assert person_of(store, "man-health", "H9") == jayden and person_of(store, "stk-csc", "C1") == jaden
    details = {uid: store.read("get_person_details", uid=uid)[0] for uid in (jaden, jayden)}
    assert details[jayden]["person"]["given_name"] == "Jayden"
    assert details[jayden]["person"]["nhs_number"] == "9434765919"
    assert "nhs_number" not in details[jaden]["person"]  # it was the health record's
    assert [i["record_id"] for i in details[jayden]["involvements"]] == ["H9"]
    assert "H9" not in [i["record_id"] for i in details[jaden]["involvements"]]
    assert [h["sources"] for h in details[jayden]["households"]] == [["man-health"]]
    assert [h["sources"] for h in details[jaden]["households"]] == [["stk-csc"]]
    reload(store, tmp_path)
    assert person_of(store, "man-health", "H9") == jayden and person_of(store, "stk-csc", "C1") == jaden


def test_decisions_survive_a_rebuild_from_the_extracts_with_the_same_ids(store, tmp_path):
    lilly, lily = person_of(store, "man-health", "H10"), person_of(store, "stk-csc", "C3")
    decide(store, lily, lilly, "same", "confirmed by phone", "steward1")
    jaden = person_of(store, "stk-csc", "C1")
    jayden = split(store, jaden, [("man-health", "H9")], "twins", "steward1").person
    exported = export_decisions(store)
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/rebuilt.db")) as rebuilt:
        rebuilt.schema_install()
        assert import_decisions(rebuilt, exported) == 2
        load_paths(rebuilt, [AGENCIES], tmp_path / "rebuilt-report", TODAY)
        assert person_of(rebuilt, "man-health", "H10") == person_of(rebuilt, "stk-csc", "C3") == lily
        assert person_of(rebuilt, "man-health", "H9") == jayden
        assert person_of(rebuilt, "stk-csc", "C1") == jaden
        assert current_id(rebuilt, lilly) == lily


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s, a, b: decide(s, a, b, "maybe", "x", "u"), "decision must be one of"),
        (lambda s, a, b: decide(s, a, b, "same", " ", "u"), "needs a reason"),
        (lambda s, a, b: decide(s, a, "p-nobody", "same", "x", "u"), "no person 'p-nobody'"),
        (lambda s, a, b: decide(s, a, a, "same", "x", "u"), "already one person"),
        (lambda s, a, b: split(s, a, [("stk-csc", "C3")], "x", "u"), "must leave at least one record"),
        (lambda s, a, b: split(s, a, [("stk-csc", "C9")], "x", "u"), "holds no record stk-csc C9"),
    ],
)
def test_review_operations_refuse_what_cannot_be_done(store, call, message):
    lily, lilly = person_of(store, "stk-csc", "C3"), person_of(store, "man-health", "H10")
    with pytest.raises(ReviewError, match=message):
        call(store, lily, lilly)
