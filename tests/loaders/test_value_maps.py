"""Value maps (``[records.values]``): an agency's own codes mean what its mapping says, compared without
regard to case or spaces; an unmapped code flags the field and keeps the record (``strict = true``
refuses the row instead); a status of "unknown" is stored as such, never guessed as current."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph import Settings, open_store
from loaders.errors import FileProblem
from loaders.load import load_paths
from loaders.mapping import load_mapping
from loaders.quarantine import read_quarantine

TODAY = date(2026, 11, 25)
CSV = """Ref,Forename,Surname,Sex,Service,Status,Relation,Related Ref
C1,Ann,Lee,2,CSC,Open,,
C2,Bob,Lee,1,csc,  closed ,Dad,C1
C3,Cat,Lee,9,CSC,Not  Specified,,
C4,Dee,Lee,F,CSC,Pending review,,
C5,Eve,Lee,7,EH,Open,,
"""
MAPPING = """[source]
id = "codes"
name = "Coded extract"
service_type = "social_care"
authority = "STK"
extract_date = "2026-11-01"

[file]
path = "codes.csv"
{strict}

[[records]]
kind = "person"
[records.fields]
source_id = "Ref"
given_name = "Forename"
family_name = "Surname"
gender = "Sex"
[records.values]
gender = {{ "1" = "male", "2" = "female", "9" = "unknown" }}

[[records]]
kind = "involvement"
[records.fields]
person_source_id = "Ref"
service = "Service"
status = "Status"
[records.values]
status = {{ "Not Specified" = "unknown", "Open" = "current", "Closed" = "historic" }}
service = {{ "CSC" = "Stockport Children's Social Care" }}

[[records]]
kind = "relationship"
[records.fields]
person_source_id = "Ref"
other_source_id = "Related Ref"
type = "Relation"
[records.values]
type = {{ "Dad" = "father" }}
"""


def extract(folder: Path, strict: bool = False) -> Path:
    (folder / "codes.csv").write_text(CSV, encoding="utf-8")
    path = folder / "codes.toml"
    path.write_text(MAPPING.format(strict="strict = true" if strict else ""), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        yield s


def people(store) -> dict[str, dict]:
    rows = store.read_only_text(
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:INVOLVED_IN]->(i)-[:WITH_SERVICE]->(s) "
        "RETURN p.given_name AS name, p.gender AS gender, p.gender_raw AS gender_raw, i.status AS status, "
        "i.status_raw AS status_raw, i.flagged AS flagged, s.name AS service"
    ).rows
    return {r["name"]: r for r in rows}


def test_codes_map_as_the_mapping_says_whatever_their_case_and_spaces(store, tmp_path):
    report = load_paths(store, [extract(tmp_path)], tmp_path / "r", TODAY)
    found = people(store)
    assert (found["Ann"]["gender"], found["Ann"]["status"]) == ("female", "current")
    assert (found["Bob"]["gender"], found["Bob"]["status"]) == ("male", "historic")  # "  closed "
    assert found["Ann"]["service"] == found["Bob"]["service"] == "Stockport Children's Social Care"  # csc
    rel = store.read_only_text(
        "MATCH (a)-[r:PARENT_OF]->(b) RETURN a.given_name AS a, r.detail AS d, b.given_name AS b"
    ).rows
    assert rel == [{"a": "Bob", "d": "father", "b": "Ann"}]
    assert report.files[0].conserved and report.files[0].quarantined == 0


def test_a_status_of_unknown_is_stored_so_the_panel_can_say_status_not_recorded(store, tmp_path):
    load_paths(store, [extract(tmp_path)], tmp_path / "r", TODAY)
    assert (people(store)["Cat"]["status"], people(store)["Cat"]["gender"]) == ("unknown", "unknown")


def test_an_unmapped_code_flags_the_field_and_keeps_the_record(store, tmp_path):
    report = load_paths(store, [extract(tmp_path)], tmp_path / "r", TODAY)
    found = people(store)
    dee, eve = found["Dee"], found["Eve"]
    assert (dee["status"], dee["status_raw"], dee["flagged"]) == ("unknown", "Pending review", ["status"])
    assert (dee["gender"], eve["gender"], eve["gender_raw"]) == ("female", None, "7")  # F is understood
    assert eve["service"] == "EH"  # a service name the map does not list is kept as written, and flagged
    flags = {(p["row"], p["field"]): p for p in read_quarantine(report.quarantine_path)}
    assert set(flags) == {("5", "Status"), ("6", "Sex"), ("6", "Service")}
    assert {p["outcome"] for p in flags.values()} == {"field flagged, record kept"}
    assert "status 'Pending review' is not in the mapping's values" in flags[("5", "Status")]["reason"]
    assert report.files[0].flagged == 3 and report.files[0].loaded == 5


def test_a_strict_mapping_refuses_a_row_with_an_unmapped_code(store, tmp_path):
    report = load_paths(store, [extract(tmp_path, strict=True)], tmp_path / "r", TODAY)
    assert (report.files[0].loaded, report.files[0].quarantined) == (3, 2)
    assert set(people(store)) == {"Ann", "Bob", "Cat"}
    reasons = {p["row"]: p["reason"] for p in read_quarantine(report.quarantine_path)}
    assert "strict = true refuses the row" in reasons["5"] and "strict = true refuses the row" in reasons["6"]


@pytest.mark.parametrize(
    "description, values, message",
    [
        (
            "a status the loader does not know",
            'status = { "Open" = "live" }',
            "'Open' = 'live' is not a status",
        ),
        ("a field the record does not map", 'reason = { "x" = "y" }', "values.reason: reason is not one of"),
        ("a code given twice", 'status = { "Open" = "current", " open" = "historic" }', "given twice"),
    ],
)
def test_a_value_map_is_checked_when_the_mapping_is_read(tmp_path, description, values, message):
    path = extract(tmp_path)
    text = path.read_text().replace(
        'status = { "Not Specified" = "unknown", "Open" = "current", "Closed" = "historic" }', values
    )
    path.write_text(text)
    with pytest.raises(FileProblem) as caught:
        load_mapping(path)
    assert message in str(caught.value), description
