"""Spreadsheet extracts (.xlsx, read with python-calamine): a sheet by name or place, the header on any
row, Excel dates read as dates, numbers as their digits (an NHS number stored as a number does not
become 4.857773456e9) and text cells as written (leading zeros kept)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph import Settings, open_store
from loaders.load import load_paths
from loaders.quarantine import read_quarantine

TODAY = date(2026, 11, 25)
MAPPING = """[source]
id = "school-xlsx"
name = "School census"
service_type = "school"
authority = "STK"
extract_date = "2026-11-01"
[file]
path = "pupils.xlsx"
sheet = {sheet}
header_row = 3
date_formats = ["%d/%m/%Y"]
[[records]]
kind = "person"
[records.fields]
source_id = "Pupil ID"
given_name = "Forename"
family_name = "Surname"
dob = "Date of Birth"
nhs_number = "NHS Number"
upn = "UPN"
[[records]]
kind = "involvement"
[records.fields]
person_source_id = "Pupil ID"
service = {{ value = "Hill Primary" }}
practitioner_name = "DSL"
practitioner_phone = "School Phone"
start = "Admitted"
"""


def workbook(path: Path) -> None:
    book = Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "This workbook was exported on 01/11/2026"
    sheet = book.create_sheet("Pupils")
    sheet.append(["Hill Primary School - pupils on roll"])
    sheet.append([])
    sheet.append(
        [
            "Pupil ID",
            " Forename",
            "Surname ",
            "Date of Birth",
            "NHS Number",
            "UPN",
            "School Phone",
            "Admitted",
            "DSL",
        ]
    )
    sheet.append(
        [
            1001,
            "Ann",
            "Lee",
            datetime(2015, 2, 1),
            9434765919,
            "A356200020005",
            "01614740001",
            "01/09/2020",
            "Jo Page",
        ]
    )
    sheet.append(
        [
            "00102",
            "Bob",
            "Lee",
            date(2017, 4, 3),
            "943 476 5870",
            "",
            "0161 474 0002",
            datetime(2022, 9, 1, 8, 30),
            "Sam Green",
        ]
    )
    sheet.append(["00103", "Cat", "Lee", "31/02/2018", 1234567890, "", "", "", ""])
    sheet.append([])
    sheet.append([])
    book.save(path)


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        yield s


@pytest.mark.parametrize("sheet", ['"Pupils"', '" pupils"', "2"])
def test_a_spreadsheet_loads_by_sheet_name_or_place_with_its_header_on_row_three(store, tmp_path, sheet):
    workbook(tmp_path / "pupils.xlsx")
    (tmp_path / "pupils.toml").write_text(MAPPING.format(sheet=sheet))
    report = load_paths(store, [tmp_path / "pupils.toml"], tmp_path / "r", TODAY)
    result = report.files[0]
    assert (result.error, result.read, result.loaded, result.quarantined) == (None, 3, 3, 0)
    rows = store.read_only_text(
        "MATCH (p:Person)-[rec:RECORDED_IN]->() OPTIONAL MATCH (p)-[:INVOLVED_IN]->(i)-[:LED_BY]->(pr) "
        "RETURN rec.record_id AS id, p.given_name AS given, p.dob AS dob, p.dob_raw AS dob_raw, "
        "p.nhs_number AS nhs, p.nhs_number_raw AS nhs_raw, pr.phone AS phone ORDER BY id"
    ).rows
    assert rows == [
        {
            "id": "00102",
            "given": "Bob",
            "dob": "2017-04-03",
            "dob_raw": None,
            "nhs": "9434765870",
            "nhs_raw": None,
            "phone": "0161 474 0002",
        },
        {
            "id": "00103",
            "given": "Cat",
            "dob": None,
            "dob_raw": "31/02/2018",
            "nhs": None,
            "nhs_raw": "1234567890",
            "phone": None,
        },
        {
            "id": "1001",
            "given": "Ann",
            "dob": "2015-02-01",
            "dob_raw": None,
            "nhs": "9434765919",
            "nhs_raw": None,
            "phone": "01614740001",
        },
    ]
    starts = store.read_only_text("MATCH (i:Involvement) RETURN i.start AS s ORDER BY s").rows
    assert [r["s"] for r in starts] == ["2020-09-01", "2022-09-01"]  # text dd/mm/yyyy and a date-time cell
    flagged = {(p["row"], p["field"]) for p in read_quarantine(report.quarantine_path)}
    assert flagged == {("6", "Date of Birth"), ("6", "NHS Number")}  # spreadsheet row numbers


def test_a_missing_sheet_is_named_with_the_sheets_there_are(store, tmp_path):
    workbook(tmp_path / "pupils.xlsx")
    (tmp_path / "pupils.toml").write_text(MAPPING.format(sheet='"Roll"'))
    report = load_paths(store, [tmp_path / "pupils.toml"], tmp_path / "r", TODAY)
    assert "has no sheet named 'Roll'; its sheets are ['Notes', 'Pupils']" in report.files[0].error


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_clear_message(store, tmp_path):
    (tmp_path / "pupils.xlsx").write_text("Pupil ID,Forename\n1,Ann\n")
    (tmp_path / "pupils.toml").write_text(MAPPING.format(sheet="1"))
    report = load_paths(store, [tmp_path / "pupils.toml"], tmp_path / "r", TODAY)
    assert "cannot be read as a spreadsheet (.xlsx)" in report.files[0].error
