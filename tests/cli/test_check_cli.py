"""``familynet check`` validates without writing; ``familynet mapping init`` proposes a mapping that a
data officer edits, and that loads the file once the officer has said what only a person can say."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from cli import main
from graph import Settings, open_store
from loaders.load import load_paths

BAD = Path(__file__).parents[1] / "data" / "bad"
AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_check_prints_counts_first_problems_per_field_and_fields_flagged_and_writes_nothing(tmp_path):
    graph = tmp_path / "g.db"
    code, out = run(
        "--graph-url",
        f"embedded://{graph}",
        "check",
        str(BAD / "dates"),
        str(BAD / "malformed_quoting"),
        str(AGENCIES),
        "--today",
        "2026-11-25",
    )
    assert code == 0, out
    assert "rows read 6: would load 6, quarantine 0; fields flagged 4 (records kept)" in out
    assert "dob (4):" in out and "row 4: '30/02/2015' is not a real date" in out
    assert "row 5: '01/01/2031': date of birth 2031-01-01 is in the future" in out
    assert out.count("      row ") >= 3  # the first problems of the field, not all
    assert "quarantine 2" in out and "malformed CSV in lines 3-3" in out
    assert "2_csc_relationships.toml -> csc_relationships.csv (source stk-csc)" in out
    assert "records: relationship 5" in out
    assert not graph.exists() and not list(tmp_path.glob("g.db*"))  # no graph was even opened


def test_check_says_which_mapping_is_refused_and_why(tmp_path):
    (tmp_path / "bad.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000)
    code, out = run("check", str(tmp_path))
    assert code == 1 and "bad.toml" in out and "REFUSED" in out and "nested more than" in out
    assert "Traceback" not in out


def test_check_says_when_ids_of_another_source_cannot_be_checked(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "school.csv").write_text("MPI,School\nM1,Hill Primary\n")
    (folder / "school.toml").write_text(
        '[source]\nid = "school"\nname = "School"\nservice_type = "school"\nauthority = "STK"\n'
        'extract_date = "2026-11-01"\n[file]\npath = "school.csv"\nperson_source = "council-mpi"\n'
        '[[records]]\nkind = "involvement"\n[records.fields]\nperson_source_id = "MPI"\nservice = "School"\n'
    )
    code, out = run("check", str(folder))
    assert code == 0 and "ids of council-mpi not checked" in out


HEADER_SHAPES = {
    "council.csv": "Person ID,Forename,Surname,Date of Birth,Postcode,NHS Number\n"
    "P1,Ann,Lee,01/02/2015,SK4 1AA,9434765919\nP2,Bob,Lee,03/04/2016,SK4 1AA,\n",
    "police.csv": "Nominal Ref;First Name;Last Name;DOB;Post Code;Officer in Case;Status\n"
    "N1;Ann;Lee;01-02-2015;SK4 1AA;DC Page;Open\nN2;Bob;Lee;03-04-2016;SK4 1AA;DC Page;Awaiting allocation\n",
}


def test_mapping_init_recognises_common_headers_and_the_edited_proposal_loads_the_file(tmp_path):
    for name, text in HEADER_SHAPES.items():
        (tmp_path / name).write_text(text)
        code, out = run("mapping", "init", str(tmp_path / name), "--out", str(tmp_path / f"{name}.toml"))
        assert code == 0, out
    council = (tmp_path / "council.csv.toml").read_text()
    for line in (
        'given_name = "Forename"',
        'family_name = "Surname"',
        'dob = "Date of Birth"',
        'postcode = "Postcode"',
        'nhs_number = "NHS Number"',
        'source_id = "Person ID"',
        'date_formats = ["%d/%m/%Y"]',
    ):
        assert line in council, line
    police = (tmp_path / "police.csv.toml").read_text()
    for line in (
        'delimiter = ";"',
        'dob = "DOB"',
        'postcode = "Post Code"',
        'source_id = "Nominal Ref"',
        'practitioner_name = "Officer in Case"',
        'date_formats = ["%d-%m-%Y"]',
        '"Awaiting allocation" = "EDIT-ME"',
    ):
        assert line in police, line
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/g.db")) as store:
        refused = load_paths(store, [tmp_path / "council.csv.toml"], tmp_path / "r1", TODAY)
        assert "still says EDIT-ME" in refused.files[0].error  # the officer has not said which authority
        for name in HEADER_SHAPES:
            path = tmp_path / f"{name}.toml"
            text = (
                path.read_text()
                .replace('"EDIT-ME"', '"STK"', 1)
                .replace('service_type = "STK"', 'service_type = "police"')
            )
            path.write_text(
                text.replace('authority = "EDIT-ME"', 'authority = "STK"').replace(
                    'service = { value = "EDIT-ME" }', 'service = { value = "Public Protection" }'
                )
            )
        report = load_paths(store, [tmp_path / f"{n}.toml" for n in HEADER_SHAPES], tmp_path / "r2", TODAY)
        assert [(f.error, f.read, f.loaded, f.quarantined) for f in report.files] == [(None, 2, 2, 0)] * 2


def test_mapping_init_with_the_officers_answers_loads_a_generated_extract(tmp_path):
    from loaders.generate import generate

    generate(60, seed=4, out=tmp_path / "x", today=TODAY)
    folder = tmp_path / "y"
    folder.mkdir()
    shutil.copy(tmp_path / "x" / "school_stk.csv", folder)
    code, out = run(
        "mapping",
        "init",
        str(folder / "school_stk.csv"),
        "--out",
        str(folder / "school.toml"),
        "--authority",
        "STK",
        "--service-type",
        "school",
        "--extract-date",
        "2026-10-30",
    )
    assert code == 0, out
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/g.db")) as store:
        report = load_paths(store, [folder / "school.toml"], tmp_path / "r", TODAY)
        [f] = report.files
        assert (f.error, f.quarantined) == (None, 0) and f.loaded == f.read > 0
        people = store.read_only_text("MATCH (p:Person) RETURN count(p) AS n").rows[0]["n"]
        assert people == f.read
