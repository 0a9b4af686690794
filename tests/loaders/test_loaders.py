"""Loading agency extracts on both engines: records, provenance, matching, idempotence, and the same
graph and quarantine from the same extracts on each engine."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from graph import Settings, open_store
from loaders.evaluate import evaluate
from loaders.generate import generate
from loaders.load import load_paths
from loaders.quarantine import read_quarantine

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


@pytest.fixture
def store(fresh_store):
    return fresh_store


@pytest.fixture
def loaded(store, tmp_path):
    report = load_paths(store, [AGENCIES], tmp_path / "report", TODAY)
    return store, report


def people(store) -> dict[tuple[str, str], dict]:
    rows = store.read_only_text("MATCH (p:Person) RETURN p").rows
    return {(r["p"]["given_name"], r["p"]["family_name"]): r["p"] for r in rows}


def test_every_file_loads_and_its_counts_add_up(loaded):
    _, report = loaded
    assert [f.error for f in report.files] == [None] * 4
    assert {Path(f.mapping).name: (f.read, f.loaded, f.quarantined) for f in report.files} == {
        "1_csc.toml": (4, 4, 0),
        "2_csc_relationships.toml": (5, 5, 0),
        "3_police.toml": (3, 3, 0),
        "4_health.toml": (2, 2, 0),
    }
    assert all(f.conserved for f in report.files)


def test_the_same_person_across_agencies_is_one_person_with_each_source_and_why(loaded):
    store, report = loaded
    assert len(people(store)) == 6  # 9 person records: Jaden x2, Kerry x2, Dean x2 merged
    rows = store.read_only_text(
        "MATCH (p:Person {given_name: 'Jaden'})-[r:RECORDED_IN]->(s:Source) "
        "RETURN s.name AS source, s.extract_date AS date, r.record_id AS id, r.score AS score, "
        "r.reasons AS reasons ORDER BY source"
    ).rows
    assert [(r["source"], r["date"], r["id"]) for r in rows] == [
        ("Manchester school nursing", "2026-10-28", "H9"),
        ("Stockport CSC", "2026-11-01", "C1"),
    ]
    health = rows[0]
    assert 0.9 <= health["score"] <= 1 and "DOB exact" in health["reasons"]
    assert "given name Jayden/Jaden JW 0.96" in health["reasons"]
    jaden = people(store)[("Jaden", "Smith")]
    assert sorted(jaden["authorities"]) == ["MAN", "STK"]
    assert jaden["nhs_number"] == "9434765919"  # filled in from the health record
    kerry = people(store)[("Kerry", "Smith")]
    assert kerry["other_names"] == "Smyth"  # the police spelling is kept, not lost
    assert sum(f.matched for f in report.files) == 3


def test_a_middle_band_match_is_kept_for_review_not_merged(loaded):
    store, _ = loaded
    rows = store.read_only_text(
        "MATCH (a:Person)-[m:POSSIBLE_MATCH]->(b:Person) RETURN a.given_name AS a, b.given_name AS b, "
        "m.score AS score, m.reasons AS reasons, m.sources AS sources"
    ).rows
    assert len(rows) == 1
    match = rows[0]
    assert (match["a"], match["b"], match["sources"]) == ("Lilly", "Lily", ["man-health"])
    assert 0.25 <= match["score"] < 0.9 and "family name differs" in match["reasons"]


def test_relationships_are_typed_directed_and_say_who_stated_them(loaded):
    store, _ = loaded
    rows = store.read_only_text(
        "MATCH (a:Person)-[r]->(b:Person) WHERE type(r) <> 'POSSIBLE_MATCH' "
        "RETURN a.given_name AS a, type(r) AS type, r.detail AS detail, b.given_name AS b, "
        "r.sources AS sources, r.since AS since"
    ).rows
    found = {(r["a"], r["type"], r["b"]): r for r in rows}
    assert found[("Kerry", "PARENT_OF", "Jaden")]["detail"] == "mother"
    assert found[("Dean", "PARENT_OF", "Jaden")]["detail"] == "parent"  # "Jaden is son of Dean"
    sibling = [r for k, r in found.items() if k[1] == "SIBLING_OF"]
    assert [s["detail"] for s in sibling] == ["half-sibling"]
    partner = [r for k, r in found.items() if k[1] == "PARTNER_OF"][0]
    assert partner["since"] == "2024-02-01"
    assert all(r["sources"] == ["stk-csc"] for r in rows)


def test_households_join_people_at_the_same_address_whichever_agency_says_so(loaded):
    store, _ = loaded
    rows = store.read_only_text(
        "MATCH (p:Person)-[l:LIVES_AT]->(h:Household {postcode: 'SK4 1AA'}) "
        "RETURN h.uid AS household, p.given_name AS name, l.sources AS sources, l.current AS current"
    ).rows
    assert len({r["household"] for r in rows}) == 1
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Jaden", "Kerry", "Lily"}  # Lilly: health has her postcode, not her address
    assert sorted(by_name["Jaden"]["sources"]) == ["man-health", "stk-csc"]  # "12 Acacia Ave." is the same
    assert sorted(by_name["Kerry"]["sources"]) == ["stk-csc"]
    assert {r["current"] for r in rows} == {"yes"}


def test_involvements_carry_lead_practitioner_last_contact_and_source(loaded):
    store, _ = loaded
    rows = store.read_only_text(
        "MATCH (p:Person {given_name: 'Kerry'})-[:INVOLVED_IN]->(i:Involvement)-[:WITH_SERVICE]->(s:Service) "
        "MATCH (i)-[:LED_BY]->(pr:Practitioner) MATCH (i)-[:RECORDED_IN]->(src:Source) "
        "RETURN s.name AS service, pr.name AS lead, pr.phone AS phone, pr.email AS email, "
        "i.last_contact AS last, i.status AS status, src.name AS source ORDER BY service"
    ).rows
    assert rows == [
        {
            "service": "GMP Stockport Public Protection",
            "lead": "DC Zoë O'Brien",
            "phone": "0161 856 1234",
            "email": "",
            "last": "2026-08-15",
            "status": "current",
            "source": "GMP police extract",
        },
        {
            "service": "Stockport Children's Social Care",
            "lead": "Priya Shah",
            "phone": "0161 474 0001",
            "email": "priya.shah@stockport.gov.uk",
            "last": "2026-10-20",
            "status": "current",
            "source": "Stockport CSC",
        },
    ]


def test_sources_keep_their_coverage_fixed_or_from_columns(loaded):
    store, _ = loaded
    rows = store.read_only_text(
        "MATCH (s:Source) RETURN s.uid AS uid, s.current_as_of AS asof, s.coverage_start AS start, "
        "s.coverage_end AS end, s.coverage_area AS area ORDER BY uid"
    ).rows
    assert rows == [
        {
            "uid": "gmp-stk",
            "asof": "2026-11-01",
            "start": "2020-01-01",
            "end": "2026-10-31",
            "area": "Stockport",
        },
        {
            "uid": "man-health",
            "asof": "2026-10-28",
            "start": "2019-04-01",
            "end": "2026-10-27",
            "area": "Manchester",
        },
        {
            "uid": "stk-csc",
            "asof": "2026-11-01",
            "start": "2018-01-01",
            "end": "2026-10-31",
            "area": "Stockport",
        },
    ]


def test_loading_the_same_extracts_again_leaves_the_same_graph(loaded, tmp_path):
    store, _ = loaded
    before = store.fingerprint()
    again = load_paths(store, [AGENCIES], tmp_path / "again", TODAY)
    assert store.fingerprint() == before
    assert sum(f.new_people for f in again.files) == 0


def test_a_newer_extract_updates_last_contact_and_an_older_one_changes_nothing(loaded, tmp_path):
    store, _ = loaded
    newer = tmp_path / "newer"
    shutil.copytree(AGENCIES, newer)
    mapping = newer / "4_health.toml"
    mapping.write_text(
        mapping.read_text().replace('extract_date = "2026-10-28"', 'extract_date = "2026-11-20"')
    )
    data = newer / "health.jsonl"
    data.write_text(data.read_text().replace('"lastSeen": "2026-10-01"', '"lastSeen": "2026-11-19"'))
    load_paths(store, [mapping], tmp_path / "r1", TODAY)
    query = (
        "MATCH (:Person {given_name: 'Jaden'})-[:INVOLVED_IN]->(i:Involvement {source: 'man-health'}) "
        "RETURN i.last_contact AS last"
    )
    assert store.read_only_text(query).rows == [{"last": "2026-11-19"}]
    refused = load_paths(store, [AGENCIES / "4_health.toml"], tmp_path / "r2", TODAY)  # the older one again
    assert "out-of-order load refused" in refused.files[0].error
    assert store.read_only_text(query).rows == [{"last": "2026-11-19"}]
    load_paths(store, [AGENCIES / "4_health.toml"], tmp_path / "r3", TODAY, force_older=True)
    assert store.read_only_text(query).rows == [{"last": "2026-11-19"}]  # forced: newer facts are kept


def test_matching_quality_is_measured_against_a_ground_truth(loaded, tmp_path):
    store, _ = loaded
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "source,record_id,person\n"
        "stk-csc,C1,jaden\nman-health,H9,jaden\nstk-csc,C2,kerry\ngmp-stk,N100,kerry\n"
        "stk-csc,C3,lily\nman-health,H10,lily\nstk-csc,C4,dean\ngmp-stk,N101,dean\ngmp-stk,N102,sean\n"
    )
    quality = evaluate(store, truth)
    assert (quality.true_pairs, quality.predicted_pairs, quality.correct_pairs) == (4, 3, 3)
    assert quality.precision == 1.0 and quality.recall == 0.75
    assert round(quality.f1, 3) == 0.857
    assert quality.pairs_completeness == 1.0  # every true pair shares a blocking key
    assert 0 < quality.reduction_ratio < 1


CORPUS = Path(__file__).parents[1] / "data" / "bad"


def load_and_describe(settings, folder: Path, report_dir: Path) -> dict:
    """What a user of either engine would see after loading a folder: the graph's content, its size
    by label and type, each file's counts and error, and the quarantined rows with their reasons."""
    with open_store(settings) as store:
        report = load_paths(store, [folder], report_dir, TODAY)
        files = [
            (
                Path(f.mapping).name,
                f.read,
                f.loaded,
                f.quarantined,
                f.new_people,
                f.matched,
                f.possible_matches,
                f.error,
            )
            for f in report.files
        ]
        path = report.quarantine_path
        quarantined = sorted(tuple(sorted(q.items())) for q in read_quarantine(path)) if path.exists() else []
        return {
            "fingerprint": store.fingerprint(),
            "labels": {r["label"]: r["count"] for r in store.read("count_nodes_by_label")},
            "types": {r["type"]: r["count"] for r in store.read("count_relationships_by_type")},
            "files": files,
            "quarantine": quarantined,
        }


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(400, seed=5, out=out, today=TODAY)
    return out


@pytest.mark.parametrize("case", ["agencies", "generated", *sorted(p.name for p in CORPUS.iterdir())])
def test_the_same_extracts_give_the_same_graph_and_quarantine_on_both_engines(
    case, neo4j_server, generated, tmp_path
):
    folder = {"agencies": AGENCIES, "generated": generated}.get(case, CORPUS / case)
    embedded = load_and_describe(Settings(graph_url=f"embedded://{tmp_path}/g.db"), folder, tmp_path / "e")
    neo4j_server.reset(holder=case)
    on_neo4j = load_and_describe(neo4j_server.settings(), folder, tmp_path / "n")
    assert on_neo4j == embedded
    assert embedded["labels"] or embedded["quarantine"] or case in ("empty_file", "header_only")
