"""Shared person keys: a service file may name people by a person index's ids (``person_source``).
The involvement keeps its own source's provenance and coverage; the person link goes to the person the
index's record resolved to; and the loading order does not matter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph import Settings, open_store
from loaders.load import load_paths

TODAY = date(2026, 11, 25)
INDEX = """[source]
id = "council-mpi"
name = "Council person index"
service_type = "social_care"
authority = "STK"
extract_date = "2026-11-01"
[file]
path = "mpi.csv"
date_formats = ["%d/%m/%Y"]
[[records]]
kind = "person"
[records.fields]
source_id = "MPI"
given_name = "Forename"
family_name = "Surname"
dob = "DOB"
"""
SCHOOL = """[source]
id = "school"
name = "School system"
service_type = "school"
authority = "STK"
extract_date = "2026-11-02"
[source.coverage]
current_as_of = "2026-11-02"
area = "Stockport schools"
[file]
path = "school.csv"
person_source = "council-mpi"
date_formats = ["%d/%m/%Y"]
[[records]]
kind = "involvement"
[records.fields]
person_source_id = "MPI"
service = "School"
start = "Admitted"
practitioner_name = "DSL"
[[records]]
kind = "relationship"
[records.fields]
person_source_id = "MPI"
other_source_id = "Sibling MPI"
type = { value = "sibling" }
"""


def folders(tmp_path: Path) -> tuple[Path, Path]:
    index, school = tmp_path / "index", tmp_path / "school"
    index.mkdir()
    school.mkdir()
    (index / "mpi.csv").write_text("MPI,Forename,Surname,DOB\nM1,Ann,Lee,01/02/2015\nM2,Bob,Lee,03/04/2017\n")
    (index / "mpi.toml").write_text(INDEX)
    (school / "school.csv").write_text(
        "MPI,School,Admitted,DSL,Sibling MPI\nM1,Hill Primary,01/09/2020,Jo Page,M2\n"
        "M2,Hill Primary,01/09/2022,Jo Page,\n"
    )
    (school / "school.toml").write_text(SCHOOL)
    return index / "mpi.toml", school / "school.toml"


def graph(tmp_path: Path, name: str):
    return open_store(Settings(graph_url=f"embedded://{tmp_path}/{name}.db"))


INVOLVEMENTS = (
    "MATCH (p:Person)-[:INVOLVED_IN]->(i:Involvement)-[rec:RECORDED_IN]->(s:Source) "
    "RETURN p.given_name AS person, s.uid AS source, s.current_as_of AS as_of, rec.record_id AS record_id "
    "ORDER BY person"
)


def test_the_involvement_keeps_its_own_source_and_links_to_the_index_person(tmp_path):
    index, school = folders(tmp_path)
    with graph(tmp_path, "g") as store:
        report = load_paths(store, [index, school], tmp_path / "r", TODAY)
        assert [f.error for f in report.files] == [None, None]
        rows = store.read_only_text(INVOLVEMENTS).rows
        assert rows == [
            {"person": "Ann", "source": "school", "as_of": "2026-11-02", "record_id": "M1"},
            {"person": "Bob", "source": "school", "as_of": "2026-11-02", "record_id": "M2"},
        ]
        people = store.read_only_text("MATCH (p:Person) RETURN count(p) AS n").rows
        assert people == [{"n": 2}]  # no person made up for the school's rows
        siblings = store.read_only_text("MATCH (a)-[r:SIBLING_OF]->(b) RETURN r.sources AS s").rows
        assert siblings == [{"s": ["school"]}]


def test_a_service_file_loaded_before_the_index_waits_and_links_when_the_index_arrives(tmp_path):
    index, school = folders(tmp_path)
    with graph(tmp_path, "index_first") as store:
        load_paths(store, [index], tmp_path / "a1", TODAY)
        load_paths(store, [school], tmp_path / "a2", TODAY)
        index_first = store.fingerprint()
    with graph(tmp_path, "school_first") as store:
        early = load_paths(store, [school], tmp_path / "b1", TODAY)
        assert early.files[0].pending == 2 and early.files[0].loaded == 2 and early.files[0].conserved
        assert early.pending_waiting == [
            "school -> council-mpi: 3 link(s) waiting for records of council-mpi not loaded yet"
        ]
        assert store.read_only_text(INVOLVEMENTS).rows == []
        again = load_paths(store, [school], tmp_path / "b2", TODAY)  # still waiting; nothing rewritten
        assert again.files[0].unchanged == 2 and again.rows_written == 0
        late = load_paths(store, [index], tmp_path / "b3", TODAY)
        assert late.pending_resolved == 3 and late.pending_waiting == []
        assert store.fingerprint() == index_first
        assert store.read_only_text("MATCH (pl:PendingLink) RETURN count(pl) AS n").rows == [{"n": 0}]


def test_a_pending_row_replaced_by_a_newer_extract_writes_the_newer_one(tmp_path):
    index, school = folders(tmp_path)
    with graph(tmp_path, "g") as store:
        load_paths(store, [school], tmp_path / "r1", TODAY)
        (school.parent / "school.csv").write_text(
            "MPI,School,Admitted,DSL,Sibling MPI\nM1,Hill Primary,01/09/2020,Sam Green,M2\n"
            "M2,Hill Primary,01/09/2022,Jo Page,\n"
        )
        school.write_text(SCHOOL.replace('extract_date = "2026-11-02"', 'extract_date = "2026-11-09"'))
        load_paths(store, [school], tmp_path / "r2", TODAY)
        load_paths(store, [index], tmp_path / "r3", TODAY)
        leads = store.read_only_text(
            "MATCH (:Person {given_name: 'Ann'})-[:INVOLVED_IN]->()-[:LED_BY]->(pr) RETURN pr.name AS n"
        ).rows
        assert leads == [{"n": "Sam Green"}]


@pytest.mark.parametrize("where", ["record", "file"])
def test_person_source_may_be_given_on_the_record_or_the_whole_file(tmp_path, where):
    index, school = folders(tmp_path)
    if where == "record":
        school.write_text(
            SCHOOL.replace('person_source = "council-mpi"\n', "")
            .replace('kind = "involvement"\n', 'kind = "involvement"\nperson_source = "council-mpi"\n')
            .replace('kind = "relationship"\n', 'kind = "relationship"\nperson_source = "council-mpi"\n')
        )
    with graph(tmp_path, "g") as store:
        load_paths(store, [index, school], tmp_path / "r", TODAY)
        assert len(store.read_only_text(INVOLVEMENTS).rows) == 2
