"""The extract shapes real systems export (tests/data/extracts/), each loaded by its mapping file alone:
no person is lost, bad fields are flagged and their records kept, and the values read are the ones the
system meant. One test per shape."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph import GraphStore, Settings, open_store
from loaders.load import LoadReport, load_paths
from loaders.quarantine import read_quarantine

CORPUS = Path(__file__).parents[1] / "data" / "extracts"
TODAY = date(2026, 11, 25)
_graphs = itertools.count()


@pytest.fixture(scope="module")
def engine_file(tmp_path_factory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("engine") / "graphs.db"
    with open_store(Settings(graph_url=f"embedded://{path}")):
        yield path


@pytest.fixture
def load(engine_file, tmp_path):
    """Load a corpus folder into a new graph: (store, report, {record id: person})."""
    opened: list[GraphStore] = []

    def run(shape: str) -> tuple[GraphStore, LoadReport, dict[str, dict]]:
        store = open_store(Settings(graph_url=f"embedded://{engine_file}", graph_name=f"c{next(_graphs)}"))
        opened.append(store)
        report = load_paths(store, [CORPUS / shape], tmp_path / shape, TODAY)
        assert not report.failed_files, [f.error for f in report.failed_files]
        assert all(f.conserved for f in report.files)
        rows = store.read_only_text("MATCH (p:Person)-[r:RECORDED_IN]->() RETURN r.record_id AS id, p").rows
        return store, report, {r["id"]: r["p"] for r in rows}

    yield run
    for store in opened:
        store.close()


def flagged(report: LoadReport) -> set[tuple[str, str, str]]:
    return {
        (Path(p["file"]).name, p["row"], p["field"])
        for p in read_quarantine(report.quarantine_path)
        if p["outcome"] == "field flagged, record kept"
    }


def test_multi_line_quoted_addresses(load):
    store, report, people = load("multiline_addresses")
    assert (report.total("read"), report.total("quarantined"), report.total("flagged")) == (4, 0, 0)
    assert len(people) == 4 and people["EH4"].get("dob") is None  # no date of birth recorded: still loads
    homes = store.read_only_text(
        "MATCH (p:Person)-[:LIVES_AT]->(h:Household) RETURN h.uid AS uid, h.address AS address, "
        "collect(p.given_name) AS people ORDER BY address"
    ).rows
    assert [sorted(h["people"]) for h in homes] == [["Ivy", "Noah"], ["Leo", "Maya"]]
    assert {h["address"] for h in homes} >= {"Flat 4, 22 Mill Lane, Stockport, SK4 2AB"}


def test_coverage_columns_and_database_timestamps(load):
    store, report, people = load("coverage_and_timestamps")
    assert len(people) == 3 and report.total("quarantined") == 0
    assert (people["N10"]["dob"], people["N11"]["dob"], people["N12"]["dob"]) == (
        "1988-05-01",
        "1990-07-14",
        "2014-03-02",
    )
    [source] = store.read_only_text(
        "MATCH (s:Source) RETURN s.current_as_of AS asof, s.coverage_start AS start, s.coverage_end AS end, "
        "s.coverage_area AS area"
    ).rows
    assert source == {
        "asof": "2026-10-31",
        "start": "2020-01-01",
        "end": "2026-10-31",
        "area": "Stockport district",
    }
    assert flagged(report) == {("police.csv", "4", "Last Contact")}  # 31/09/2026
    starts = store.read_only_text(
        "MATCH (i:Involvement) RETURN i.start AS s, i.last_contact_raw AS raw ORDER BY s"
    ).rows
    assert [r["s"] for r in starts] == ["2025-12-01", "2026-02-03", "2026-02-03"]
    assert [r["raw"] for r in starts if r["raw"]] == ["31/09/2026"]


def test_headers_with_stray_spaces_and_code_values(load):
    store, report, people = load("stray_spaces_and_codes")
    assert len(people) == 6 and report.total("quarantined") == 0
    assert {k: (p.get("gender"), p.get("unnamed"), p.get("unborn")) for k, p in people.items()} == {
        "C1": ("female", None, None),
        "C2": ("male", None, None),
        "C3": ("unknown", "yes", None),
        "C4": ("unknown", None, "yes"),
        "C5": ("other", None, None),
        "C6": ("female", None, None),
    }
    statuses = store.read_only_text(
        "MATCH (p:Person)-[:INVOLVED_IN]->(i) RETURN p.uid AS uid, i.status AS status, i.status_raw AS raw"
    ).rows
    by_person = {
        next(k for k, v in people.items() if v["uid"] == r["uid"]): (r["status"], r["raw"]) for r in statuses
    }
    assert by_person == {
        "C1": ("current", None),
        "C2": ("historic", None),
        "C3": ("unknown", None),
        "C4": ("unknown", None),
        "C5": ("unknown", "Awaiting allocation"),
        "C6": ("current", None),
    }
    assert flagged(report) == {("csc.csv", "6", "Episode Status")}
    links = store.read_only_text("MATCH (a)-[r]->(b:Person) RETURN type(r) AS t, r.detail AS d").rows
    assert sorted((r["t"], r["d"]) for r in links) == [("PARENT_OF", "parent"), ("SIBLING_OF", "brother")]


def test_a_person_index_with_per_service_files(load):
    store, report, people = load("person_index")
    assert len(people) == 4  # only the index makes people; the services name them by its ids
    rows = store.read_only_text(
        "MATCH (p:Person)-[:INVOLVED_IN]->(i)-[rec:RECORDED_IN]->(s:Source) "
        "RETURN p.given_name AS person, s.uid AS source, s.service_type AS type ORDER BY person, source"
    ).rows
    assert [(r["person"], r["source"]) for r in rows] == [
        ("Ann", "school-stk"),
        ("Bob", "school-stk"),
        ("Kim", "housing-stk"),
        ("Kim", "police-stk"),
        ("Ray", "adult-social-care-stk"),
        ("Ray", "housing-stk"),
    ]
    police = next(f for f in report.files if f.source == "police-stk")
    assert (police.loaded, police.pending) == (2, 1)  # M9 is not in the index yet: it waits, reported
    assert report.pending_waiting == [
        "police-stk -> council-mpi: 1 link(s) waiting for records of council-mpi not loaded yet"
    ]


def test_a_spreadsheet(load):
    store, report, people = load("spreadsheet")
    assert len(people) == 3 and report.total("quarantined") == 0
    assert (people["00101"]["dob"], people["00101"]["nhs_number"], people["00101"]["upn"]) == (
        "2015-02-01",
        "9434765919",
        "A356200020005",
    )
    assert (people["00103"].get("dob"), people["00103"]["dob_raw"]) == (None, "not known")
    assert flagged(report) == {
        ("pupils.xlsx", "5", "Date of Birth"),
        ("pupils.xlsx", "5", "NHS Number"),
        ("pupils.xlsx", "5", "UPN"),
    }
    starts = store.read_only_text("MATCH (i:Involvement) RETURN i.start AS s ORDER BY s").rows
    assert [r["s"] for r in starts] == ["2019-09-01", "2021-09-01", "2022-09-01"]


def test_a_cp1252_windows_export(load):
    store, report, people = load("cp1252")
    assert len(people) == 3 and report.total("quarantined") == 0 and report.total("flagged") == 0
    names = sorted(f"{p['given_name']} {p['family_name']}" for p in people.values())
    assert names == ["José Núñez", "Renée D\u2019Arcy", "Zoë O\u2019Brien"]
    leads = store.read_only_text("MATCH (pr:Practitioner) RETURN DISTINCT pr.name AS n").rows
    assert leads == [{"n": "Siân Hughes"}]


def test_every_shape_of_the_corpus_has_a_test():
    shapes = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert shapes == {
        "multiline_addresses",
        "coverage_and_timestamps",
        "stray_spaces_and_codes",
        "person_index",
        "spreadsheet",
        "cp1252",
    }, shapes
    assert len(tested) >= len(shapes)
