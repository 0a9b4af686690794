"""Bad input: a clear error naming file, row and field; quarantined, never silently dropped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from engines import graph_env

from graph import Settings, open_store
from loaders.load import load_paths
from loaders.quarantine import read_quarantine

TODAY = date(2026, 11, 25)
MAPPING = """
[source]
id = "test-src"
name = "Test source"
service_type = "social_care"
authority = "STK"
extract_date = "2026-11-01"

[file]
path = "{data}"
encoding = "{encoding}"
delimiter = "{delimiter}"
date_formats = ["%d/%m/%Y"]

[[records]]
kind = "{kind}"
[records.fields]
source_id = "id"
given_name = "given"
family_name = "family"
dob = "dob"
postcode = "postcode"
"""
HEADER = "id,given,family,dob,postcode\n"


def extract(
    folder: Path,
    body: str,
    *,
    header: str = HEADER,
    encoding: str = "utf-8",
    delimiter: str = ",",
    kind: str = "person",
    raw: bytes | None = None,
) -> Path:
    data = folder / "extract.csv"
    data.write_bytes(raw if raw is not None else (header + body).encode("utf-8"))
    mapping = folder / "extract.toml"
    mapping.write_text(MAPPING.format(data=data.name, encoding=encoding, delimiter=delimiter, kind=kind))
    return mapping


@pytest.fixture
def store(fresh_store):
    return fresh_store


@pytest.mark.parametrize(
    "description, row, field, reason",
    [
        ("too few fields", "A1,Ann,Lee", "(row)", "has 3 fields, the header has 5"),
        ("no source id", ",Ann,Lee,01/01/2015,SK4 1AA", "id", "source_id is required"),
        ("neither a name nor a date of birth", "A1,,,,SK4 1AA", "(record)", "cannot be identified"),
        ("no name, date of birth unreadable", "A1,,,30/02/2015,SK4 1AA", "(record)", "cannot be identified"),
        ("control characters in the id", "A\x071,Ann,Lee,01/01/2015,SK4 1AA", "id", "control characters"),
    ],
)
def test_a_row_that_identifies_no_one_is_quarantined_with_file_row_field_and_reason_and_the_rest_loads(
    store, tmp_path, description, row, field, reason
):
    good = "B1,Bob,Lee,02/02/2014,SK4 1AA\n"
    mapping = extract(tmp_path, good + row + "\n" + "B2,Cat,Lee,03/03/2013,SK4 1AA\n")
    report = load_paths(store, [mapping], tmp_path / "report", TODAY)
    result = report.files[0]
    assert result.error is None, description
    assert (result.read, result.loaded, result.quarantined) == (3, 2, 1), description
    problems = read_quarantine(report.quarantine_path)
    assert len(problems) >= 1, description
    assert problems[0]["file"].endswith("extract.csv") and problems[0]["row"] == "3", description
    assert problems[0]["field"] == field and reason in problems[0]["reason"], (description, problems)
    assert {p["outcome"] for p in problems} == {"row quarantined"}, description
    names = {r["n"] for r in store.read_only_text("MATCH (p:Person) RETURN p.given_name AS n").rows}
    assert names == {"Bob", "Cat"}, description


@pytest.mark.parametrize(
    "description, row, field, reason, stored",
    [
        (
            "impossible date",
            "A1,Ann,Lee,30/02/2015,SK4 1AA",
            "dob",
            "not a real date",
            {"dob": None, "dob_raw": "30/02/2015", "postcode": "SK4 1AA"},
        ),
        (
            "future date of birth",
            "A1,Ann,Lee,01/01/2031,SK4 1AA",
            "dob",
            "in the future",
            {"dob": None, "dob_raw": "01/01/2031"},
        ),
        (
            "missing family name",
            "A1,Ann,,01/01/2015,SK4 1AA",
            None,
            None,
            {"family_name": None, "dob": "2015-01-01", "unnamed": None},
        ),
        (
            "not a postcode",
            "A1,Ann,Lee,01/01/2015,NOTCODE",
            "postcode",
            "not a UK postcode",
            {"postcode": None, "postcode_raw": "NOTCODE", "dob": "2015-01-01"},
        ),
        (
            "control characters",
            "A1,An\x07n,Lee,01/01/2015,SK4 1AA",
            "given",
            "control characters",
            {"given_name": None, "family_name": "Lee", "unnamed": None},
        ),
        (
            "very long field",
            "A1," + "A" * 300 + ",Lee,01/01/2015,SK4 1AA",
            "given",
            "at most 200",
            {"given_name": None, "family_name": "Lee"},
        ),
        ("no given name", "A1,,Lee,01/01/2015,SK4 1AA", None, None, {"given_name": None, "unnamed": "yes"}),
        (
            "baby of",
            "A1,Baby of Kerry Lee,Lee,,SK4 1AA",
            None,
            None,
            {"given_name": "Baby of Kerry Lee", "unborn": "yes", "unnamed": None},
        ),
        (
            "unborn with a due date",
            "A1,Unborn,Lee,01/03/2027,SK4 1AA",
            None,
            None,
            {"unborn": "yes", "due_date": "2027-03-01", "dob": None},
        ),
    ],
)
def test_a_bad_field_is_not_a_bad_person_the_record_loads_and_the_field_is_flagged(
    store, tmp_path, description, row, field, reason, stored
):
    good = "B1,Bob,Lee,02/02/2014,SK4 1AA\n"
    mapping = extract(tmp_path, good + row + "\n" + "B2,Cat,Lee,03/03/2013,SK4 1AA\n")
    report = load_paths(store, [mapping], tmp_path / "report", TODAY)
    result = report.files[0]
    assert (result.error, result.read, result.loaded, result.quarantined) == (None, 3, 3, 0), description
    assert result.flagged == (1 if field else 0), description
    problems = read_quarantine(report.quarantine_path)
    if field:
        [problem] = problems
        assert (problem["row"], problem["field"], problem["outcome"]) == (
            "3",
            field,
            "field flagged, record kept",
        )
        assert reason in problem["reason"], (description, problem)
    else:
        assert problems == [], description
    [person] = store.read_only_text(
        "MATCH (p:Person)-[:RECORDED_IN {record_id: 'A1'}]->(:Source) RETURN p"
    ).rows
    assert {k: person["p"].get(k) for k in stored} == stored, (description, person)
    assert len(store.read_only_text("MATCH (p:Person) RETURN p.uid").rows) == 3, description


def test_an_unclosed_quote_is_reported_with_the_lines_it_took_in(store, tmp_path):
    body = 'B1,Bob,Lee,02/02/2014,SK4 1AA\nA1,"Ann,Lee,01/01/2015,SK4 1AA\nB2,Cat,Lee,03/03/2013,SK4 1AA\n'
    report = load_paths(store, [extract(tmp_path, body)], tmp_path / "report", TODAY)
    assert (report.files[0].read, report.files[0].loaded, report.files[0].quarantined) == (2, 1, 1)
    problem = read_quarantine(report.quarantine_path)[0]
    assert problem["row"] == "3" and "malformed CSV in lines 3-4" in problem["reason"]


@pytest.mark.parametrize(
    "description, kwargs, message",
    [
        (
            "wrong delimiter",
            {"header": "id;given;family;dob;postcode\n", "body": "A1;Ann;Lee;01/01/2015;SK4 1AA\n"},
            "is the delimiter ';'",
        ),
        (
            "missing column",
            {"header": "id,given,dob,postcode\n", "body": "A1,Ann,01/01/2015,SK4 1AA\n"},
            "required columns missing from the header: ['family']",
        ),
        (
            "undeclared cp1252",
            {"body": "", "raw": HEADER.encode() + "A1,Zoë,O'Brien,01/01/2015,SK4 1AA\n".encode("cp1252")},
            "declare the file's encoding",
        ),
        ("empty file", {"body": "", "raw": b""}, "the file is empty"),
        ("unknown record kind", {"body": "", "kind": "pet"}, "unknown record kind 'pet'"),
    ],
)
def test_a_file_level_problem_stops_that_file_with_the_fix_and_others_still_load(
    store, tmp_path, description, kwargs, message
):
    bad_dir, good_dir = tmp_path / "bad", tmp_path / "good"
    bad_dir.mkdir()
    good_dir.mkdir()
    bad = extract(bad_dir, **kwargs)
    good = extract(good_dir, "B1,Bob,Lee,02/02/2014,SK4 1AA\n")
    report = load_paths(store, [bad, good], tmp_path / "report", TODAY)
    assert report.files[0].error is not None and message in report.files[0].error, description
    assert str(bad_dir) in report.files[0].error, description  # names the file
    assert report.files[1].error is None and report.files[1].loaded == 1


def test_cp1252_declared_in_the_mapping_keeps_accents_and_apostrophes(store, tmp_path):
    raw = HEADER.encode() + "A1,Zoë,O'Brien,01/01/2015,SK4 1AA\n".encode("cp1252")
    report = load_paths(store, [extract(tmp_path, "", raw=raw, encoding="cp1252")], tmp_path / "r", TODAY)
    assert report.files[0].loaded == 1
    assert store.read_only_text("MATCH (p:Person) RETURN p.given_name + ' ' + p.family_name AS n").rows == [
        {"n": "Zoë O'Brien"}
    ]


def test_a_utf8_bom_is_not_part_of_the_first_column_name(store, tmp_path):
    raw = "\ufeff".encode() + (HEADER + "A1,Ann,Lee,01/01/2015,SK4 1AA\n").encode()
    report = load_paths(store, [extract(tmp_path, "", raw=raw)], tmp_path / "r", TODAY)
    assert (report.files[0].error, report.files[0].loaded) == (None, 1)


def test_duplicate_source_ids_with_conflicting_details_are_quarantined(store, tmp_path):
    body = "A1,Ann,Lee,01/01/2015,SK4 1AA\nA1,Ann,Lee,01/01/2015,SK4 1AA\nA1,Anne,Leigh,02/01/2015,SK4 1AA\n"
    report = load_paths(store, [extract(tmp_path, body)], tmp_path / "r", TODAY)
    assert (report.files[0].loaded, report.files[0].quarantined) == (2, 1)
    problem = read_quarantine(report.quarantine_path)[0]
    assert problem["row"] == "4" and "duplicate source id: row 2" in problem["reason"]


def test_relationships_naming_unknown_people_are_quarantined(store, tmp_path):
    people = extract(tmp_path, "A1,Ann,Lee,01/01/2015,SK4 1AA\nA2,Bob,Lee,01/01/1985,SK4 1AA\n")
    links = tmp_path / "links.csv"
    links.write_text("a,b,type\nA2,A1,father\nA2,ZZ9,father\nA2,A1,cousin\n")
    mapping = tmp_path / "links.toml"
    mapping.write_text(
        '[source]\nid = "test-src"\nname = "Test source"\nservice_type = "social_care"\nauthority = "STK"\n'
        'extract_date = "2026-11-01"\n[file]\npath = "links.csv"\n[[records]]\nkind = "relationship"\n'
        '[records.fields]\nperson_source_id = "a"\nother_source_id = "b"\ntype = "type"\n'
    )
    report = load_paths(store, [people, mapping], tmp_path / "r", TODAY)
    links_report = report.files[1]
    assert (links_report.read, links_report.loaded, links_report.quarantined) == (3, 1, 2)
    reasons = {p["row"]: p["reason"] for p in read_quarantine(report.quarantine_path)}
    assert "no person record 'ZZ9' in source test-src" in reasons["3"]
    assert "relationship type 'cousin'" in reasons["4"]


def test_a_killed_load_can_be_re_run_to_the_same_graph(tmp_path, new_graph):
    """SIGKILL a load part-way, run it again, and compare with a clean load."""
    agencies = Path(__file__).parents[1] / "data" / "agencies"
    command = [
        sys.executable,
        "-m",
        "cli",
        "load",
        str(agencies),
        "--today",
        "2026-11-25",
        "--report-dir",
        str(tmp_path / "reports"),
    ]

    def run(graph: Settings, kill_after: float | None = None) -> None:
        env = {**os.environ, **graph_env(graph), "FAMILYNET_WRITE_BATCH_SIZE": "1"}
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill_after is not None:
            time.sleep(kill_after)
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=120)

    prints = []
    for killed in (False, True):  # one after the other: on Neo4j a new graph empties the one database
        graph = new_graph()
        if killed:
            run(graph, kill_after=1.5)
        run(graph)
        with open_store(graph) as s:
            prints.append(s.fingerprint())
    assert prints[0] == prints[1]


def test_a_person_row_with_no_involvement_loads_the_person_only(store, tmp_path):
    (tmp_path / "people.csv").write_text(
        "id,given,family,service,worker\n"
        "A1,Ann,Lee,Early Help,Jo Bloggs\nA2,Bob,Lee,,\nA3,Cat,Lee,,Jo Bloggs\n"
    )
    mapping = tmp_path / "people.toml"
    mapping.write_text(
        '[source]\nid = "eh"\nname = "Early help"\nservice_type = "early_help"\nauthority = "STK"\n'
        'extract_date = "2026-11-01"\n[file]\npath = "people.csv"\n'
        '[[records]]\nkind = "person"\n[records.fields]\nsource_id = "id"\ngiven_name = "given"\n'
        'family_name = "family"\n[[records]]\nkind = "involvement"\n[records.fields]\n'
        'person_source_id = "id"\nservice = "service"\npractitioner_name = "worker"\n'
    )
    report = load_paths(store, [mapping], tmp_path / "r", TODAY)
    # Bob has no involvement at all: fine. Cat has a worker but no service: her involvement cannot
    # load, but she does (a bad field never costs a person).
    assert (report.files[0].loaded, report.files[0].quarantined, report.files[0].flagged) == (3, 0, 1)
    [problem] = read_quarantine(report.quarantine_path)
    assert (problem["row"], problem["reason"], problem["outcome"]) == (
        "4",
        "service is required",
        "record not loaded, rest of row kept",
    )
    involved = store.read_only_text("MATCH (p:Person)-[:INVOLVED_IN]->() RETURN p.given_name AS n").rows
    assert involved == [{"n": "Ann"}]
    names = store.read_only_text("MATCH (p:Person) RETURN p.given_name AS n ORDER BY n").rows
    assert [r["n"] for r in names] == ["Ann", "Bob", "Cat"]
