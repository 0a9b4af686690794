"""The bad-input corpus (tests/data/bad/): each messy extract gives a clear message naming file, row and
field, a quarantine entry, counts that conserve, and a graph identical to loading the same folder with
the bad rows (or the bad file) taken out. Text in odd encodings loads exactly as a clean UTF-8 file."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import give_reason

from app import create_app
from app.analyst.results import results_csv as analyst_csv
from familynet import Settings
from graph import open_store
from loaders.delta import BOOKKEEPING
from loaders.load import LoadReport, load_paths
from loaders.quarantine import read_quarantine

TODAY = date(2026, 11, 25)
CORPUS = Path(__file__).parents[1] / "data" / "bad"
_graphs = itertools.count()


@dataclass(frozen=True)
class Bad:
    """A bad row: its row number (the header is row 1), the field named, and words of the reason."""

    file: str
    row: int
    field: str
    reason: str


@pytest.fixture(scope="module")
def engine_file(graph_engine, tmp_path_factory) -> Iterator[Path | None]:
    """On the embedded engine, one server for the module (start and shut-down take seconds); each load
    gets a graph of its own in its file."""
    if graph_engine != "embedded":
        yield None
        return
    path = tmp_path_factory.mktemp("engine") / "graphs.db"
    with open_store(Settings(graph_url=f"embedded://{path}")):
        yield path


@pytest.fixture
def graph(engine_file, new_graph) -> Callable[[], Settings]:
    """Settings for a new, empty graph on the module's engine (on Neo4j, emptied when asked for)."""
    if engine_file is None:
        return new_graph
    return lambda: Settings(graph_url=f"embedded://{engine_file}", graph_name=f"g{next(_graphs)}")


def load(folder: Path, settings: Settings, report_dir: Path) -> tuple[LoadReport, str]:
    """Load a folder into a graph; the report and a fingerprint of the facts the graph holds (not of
    the hashes a load keeps to skip unchanged rows next time: the files compared differ)."""
    with open_store(settings) as store:
        report = load_paths(store, [folder], report_dir, TODAY)
        rows = store.read("list_graph_content")
    for row in rows:
        row["props"] = {k: v for k, v in row["props"].items() if k not in BOOKKEEPING}
    text = "\n".join(sorted(json.dumps(row, sort_keys=True, default=str) for row in rows))
    return report, hashlib.sha256(text.encode()).hexdigest()


def without_lines(case: str, target: Path, drop: dict[str, set[int]]) -> Path:
    """A copy of a corpus folder with the given physical lines taken out of the given files."""
    shutil.copytree(CORPUS / case, target)
    for name, lines in drop.items():
        data = (target / name).read_bytes().splitlines(keepends=True)
        (target / name).write_bytes(b"".join(line for n, line in enumerate(data, 1) if n not in lines))
    return target


ROW_CASES = [
    (
        "malformed_quoting",
        {"people.csv": (4, 2, 2)},
        {"people.csv": {3, 5, 6}},
        [
            Bad("people.csv", 3, "(row)", "malformed CSV in lines 3-3"),
            Bad("people.csv", 5, "(row)", "malformed CSV in lines 5-6"),
        ],
    ),
    (
        "extra_columns",
        {"people.csv": (3, 2, 1)},
        {"people.csv": {3}},
        [
            Bad("people.csv", 3, "(row)", "has 7 fields, the header has 6"),
        ],
    ),
    (
        "duplicate_ids",
        {"people.csv": (4, 3, 1)},
        {"people.csv": {4}},
        [
            Bad("people.csv", 4, "id", "duplicate source id: row 2 has the same id with different details"),
        ],
    ),
    (
        "unknown_people",
        {"people.csv": (2, 2, 0), "links.csv": (2, 1, 1), "involvements.csv": (2, 1, 1)},
        {"links.csv": {3}, "involvements.csv": {3}},
        [
            Bad("links.csv", 3, "other_source_id", "no person record 'ZZ9' in source bad-src"),
            Bad("involvements.csv", 3, "person_source_id", "no person record 'QQ7' in source bad-src"),
        ],
    ),
]


@pytest.mark.parametrize("case, counts, drop, expected", ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_bad_rows_are_quarantined_with_file_row_and_field_and_the_rest_loads_unchanged(
    graph, tmp_path, case, counts, drop, expected
):
    report, fingerprint = load(CORPUS / case, graph(), tmp_path / "bad")
    by_file = {Path(f.mapping).name: f for f in report.files}
    assert not report.failed_files, [f.error for f in report.failed_files]
    seen = {}
    for f in report.files:
        data_name = _data_file(CORPUS / case / Path(f.mapping).name)
        seen[data_name] = (f.read, f.loaded, f.quarantined)
        assert f.conserved, (f.mapping, f.read, f.loaded, f.quarantined)
    assert {k: seen[k] for k in counts} == counts, by_file

    problems = read_quarantine(report.quarantine_path)
    assert len({(p["file"], p["row"]) for p in problems}) == sum(c[2] for c in counts.values())
    for bad in expected:
        found = [p for p in problems if Path(p["file"]).name == bad.file and p["row"] == str(bad.row)]
        assert found, (bad, problems)
        assert str(CORPUS / case / bad.file) == found[0]["file"]  # the full path: which extract to fix
        assert any(p["field"] == bad.field and bad.reason in p["reason"] for p in found), (bad, found)

    clean = without_lines(case, tmp_path / "clean", drop)
    clean_report, clean_fingerprint = load(clean, graph(), tmp_path / "r")
    assert clean_report.total("quarantined") == 0
    assert fingerprint == clean_fingerprint  # nothing of a bad row reached the graph, everything else did


# A bad field is not a bad person: (read, loaded, quarantined, flagged) per file, each flagged field,
# and what the person keeps: the value dropped (or the raw text kept, clearly marked as raw).
FLAG_CASES = [
    (
        "dates",
        {"people.csv": (6, 6, 0, 4)},
        [
            Bad("people.csv", 3, "dob", "'2015-13-45' is not a real date"),
            Bad("people.csv", 4, "dob", "'30/02/2015' is not a real date"),
            Bad("people.csv", 5, "dob", "date of birth 2031-01-01 is in the future"),
            Bad("people.csv", 6, "dob", "date of birth 1850-01-01 is before 1900"),
        ],
        {
            "A1": {"dob": None, "dob_raw": "2015-13-45"},
            "A2": {"dob": None, "dob_raw": "30/02/2015"},
            "A4": {"dob": None, "dob_raw": "01/01/1850"},
            "B1": {"dob": "2014-02-02", "dob_raw": None},
        },
    ),
    (
        "day_month",
        {"people.csv": (3, 3, 0, 1)},
        [
            Bad("people.csv", 3, "dob", "'03/04/2015' is ambiguous (2015-03-04 or 2015-04-03)"),
        ],
        {},
    ),
    (
        "long_fields",
        {"people.csv": (5, 5, 0, 3)},
        [
            Bad("people.csv", 3, "given", "is 300 characters long; at most 200 are accepted"),
            Bad("people.csv", 4, "family", "is 10000 characters long; at most 200 are accepted"),
            Bad("people.csv", 5, "address", "is 501 characters long; at most 500 are accepted"),
        ],
        {"A1": {"given_name": None, "family_name": "Lee"}, "A2": {"family_name": None, "given_name": "Dee"}},
    ),
    (
        "control_chars",
        {"people.csv": (5, 5, 0, 3)},
        [
            Bad("people.csv", 3, "given", "contains control characters"),
            Bad("people.csv", 4, "family", "contains control characters"),
            Bad("people.csv", 5, "given", "contains control characters"),
        ],
        {"A2": {"family_name": None, "given_name": "Dee"}},
    ),
    (
        "formula_injection",
        {"people.csv": (5, 5, 0, 1)},
        [
            Bad("people.csv", 6, "dob", "is not a real date"),
        ],
        {"F5": {"dob": None, "dob_raw": '=HYPERLINK("http://x")'}},
    ),
]


@pytest.mark.parametrize("case, counts, expected, kept", FLAG_CASES, ids=[c[0] for c in FLAG_CASES])
def test_a_bad_field_flags_that_field_and_the_person_loads(graph, tmp_path, case, counts, expected, kept):
    settings = graph()
    report, _ = load(CORPUS / case, settings, tmp_path / "bad")
    assert not report.failed_files, [f.error for f in report.failed_files]
    seen = {
        _data_file(CORPUS / case / Path(f.mapping).name): (f.read, f.loaded, f.quarantined, f.flagged)
        for f in report.files
    }
    assert seen == counts
    assert all(f.conserved for f in report.files)
    problems = read_quarantine(report.quarantine_path)
    assert len(problems) == len(expected)
    for bad in expected:
        found = [p for p in problems if Path(p["file"]).name == bad.file and p["row"] == str(bad.row)]
        assert found and found[0]["file"] == str(CORPUS / case / bad.file), (bad, problems)
        assert any(p["field"] == bad.field and bad.reason in p["reason"] for p in found), (bad, found)
        assert {p["outcome"] for p in found} == {"field flagged, record kept"}
    with open_store(settings) as store:
        rows = store.read_only_text("MATCH (p:Person)-[r:RECORDED_IN]->() RETURN r.record_id AS id, p").rows
    people = {r["id"]: r["p"] for r in rows}
    assert len(people) == counts["people.csv"][0]  # no person lost
    for record_id, values in kept.items():
        assert {k: people[record_id].get(k) for k in values} == values, record_id


FILE_CASES = [
    ("wrong_delimiter", "the header has one column — is the delimiter ';'?"),
    ("header_only", "the file has a header and no data rows: was the extract cut short?"),
    ("empty_file", "the file is empty: expected a header row"),
    ("missing_columns", "required columns missing from the header: ['family']"),
    ("undeclared_cp1252", "as utf-8-sig (line 3, byte 64): declare the file's encoding in people.toml"),
]


@pytest.mark.parametrize("case, message", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_bad_file_is_refused_whole_with_the_fix_and_the_graph_is_as_if_it_was_not_there(
    graph, tmp_path, case, message
):
    report, fingerprint = load(CORPUS / case, graph(), tmp_path / "bad")
    good, bad = report.files
    assert (good.error, good.read, good.loaded) == (None, 2, 2)
    assert bad.error is not None and message in bad.error, bad.error
    assert bad.error.startswith(str(CORPUS / case / "people.csv"))  # names the file
    assert bad.conserved and bad.loaded == 0, bad
    [entry] = read_quarantine(report.quarantine_path)
    assert (entry["file"], entry["row"], entry["field"]) == (str(CORPUS / case / "people.csv"), "", "(file)")
    assert message in entry["reason"]

    clean = shutil.copytree(CORPUS / case, tmp_path / "clean")
    (clean / "people.toml").unlink()
    _, clean_fingerprint = load(clean, graph(), tmp_path / "r")
    assert fingerprint == clean_fingerprint  # not even the extract's source was recorded


@pytest.mark.parametrize("case", ["cp1252", "latin1", "utf8_bom"])
def test_declared_encodings_and_a_bom_load_exactly_as_the_same_text_in_plain_utf8(graph, tmp_path, case):
    report, fingerprint = load(CORPUS / case, as_sent := graph(), tmp_path / "r1")
    assert report.total("quarantined") == 0 and not report.failed_files
    with open_store(as_sent) as store:
        names = store.read_only_text(
            "MATCH (p:Person) RETURN p.given_name + ' ' + p.family_name AS name ORDER BY name"
        ).rows
    expected = ["José Núñez", "Zoë O'Brien"] + (["Siân O\u2019Neill"] if case == "cp1252" else [])
    assert [r["name"] for r in names] == sorted(expected)

    plain = shutil.copytree(CORPUS / case, tmp_path / "utf8")
    mapping = plain / "people.toml"
    mapping.write_text(
        "\n".join(line for line in mapping.read_text().splitlines() if not line.startswith("encoding")) + "\n"
    )
    text = (
        (CORPUS / case / "people.csv")
        .read_bytes()
        .decode({"cp1252": "cp1252", "latin1": "latin-1"}.get(case, "utf-8-sig"))
    )
    (plain / "people.csv").write_bytes(text.encode("utf-8"))
    _, plain_fingerprint = load(plain, graph(), tmp_path / "r2")
    assert fingerprint == plain_fingerprint


def test_day_month_ambiguity_loads_only_dates_that_read_one_way(graph, tmp_path):
    with open_store(graph()) as store:
        load_paths(store, [CORPUS / "day_month"], tmp_path / "report", TODAY)
        rows = store.read_only_text("MATCH (p:Person) RETURN p.given_name AS n, p.dob AS dob ORDER BY n").rows
    # 25/04 can only be day/month; 04/04 reads the same both ways; 03/04 is kept as written, not guessed
    assert [(r["n"], str(r["dob"])) for r in rows] == [
        ("Ann", "None"),
        ("Bob", "2014-04-25"),
        ("Cat", "2013-04-04"),
    ]


def test_an_unmapped_extra_column_is_ignored(graph, tmp_path):
    with open_store(graph()) as store:
        load_paths(store, [CORPUS / "extra_columns"], tmp_path / "report", TODAY)
        everything = store.read("list_graph_content")
    assert "Unmapped note" not in repr(everything)


def _data_file(mapping: Path) -> str:
    for line in mapping.read_text(encoding="utf-8").splitlines():
        if line.startswith("path = "):
            return line.split('"')[1]
    raise AssertionError(f"no [file] path in {mapping}")


FORMULAS = ["=cmd|' /C calc'!A0", "+44 161 000", "-2+3", "@SUM(A1:A9)"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def formulas(graph, tmp_path):
    """The formula-injection extract loaded: (store, load report)."""
    with open_store(graph()) as store:
        report = load_paths(store, [CORPUS / "formula_injection"], tmp_path / "report", TODAY)
        yield store, report


def unsafe_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.startswith(FORMULA_START)]


def test_formula_like_text_is_stored_exactly_as_given(formulas):
    store, _ = formulas
    rows = store.read_only_text("MATCH (p:Person) RETURN p.given_name AS n").rows
    assert sorted(r["n"] for r in rows) == sorted([*FORMULAS, "Ann"])


def test_the_quarantine_file_neutralises_formulas(formulas):
    _, report = formulas
    text = report.quarantine_path.read_text(encoding="utf-8")
    assert unsafe_cells(text) == []
    [entry] = read_quarantine(report.quarantine_path)
    assert entry["value"] == '\'=HYPERLINK("http://x")'  # shown as text, the original after the apostrophe


def test_the_analyst_csv_neutralises_formulas(formulas):
    store, _ = formulas
    result = store.read_only_text("MATCH (p:Person) RETURN p.given_name AS name, p.family_name AS family")
    text = analyst_csv(result.columns, result.rows)
    assert unsafe_cells(text) == []
    assert {row[0] for row in csv.reader(io.StringIO(text))} >= {"'" + f for f in FORMULAS}


def test_the_explorer_details_csv_neutralises_formulas(formulas, tmp_path, logged_in_client):
    store, _ = formulas
    app = create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)
    client = logged_in_client(app)
    [person] = store.read_only_text(
        "MATCH (p:Person {given_name: $n}) RETURN p.uid AS uid", {"n": FORMULAS[0]}
    ).rows
    selection = {"kind": "person", "uid": person["uid"]}
    give_reason(client, app, person["uid"])  # an export needs a reason (issue 16 item 3)
    response = client.post(
        "/_dash-update-component",
        json={
            "output": "family-csv-download.data",
            "outputs": {"id": "family-csv-download", "property": "data"},
            "inputs": [{"id": "family-csv", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["family-csv.n_clicks"],
            "state": [
                {"id": "family-selection", "property": "data", "value": selection},
                {"id": "family-focus", "property": "data", "value": person["uid"]},
            ],
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_json()["response"]["family-csv-download"]["data"]["content"]
    assert "'=cmd|' /C calc'!A0 Lee" in text  # the person's name, as text
    assert unsafe_cells(text) == []
