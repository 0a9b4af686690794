"""Full and partial extracts, and out-of-order loads. A record absent from a newer full extract is no
longer held by its source: kept (history is never deleted) and marked with the extract's date, which
the details query returns for the panel. A partial extract (the default) leaves absent records alone.
An extract older than the one loaded is refused unless forced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph import Settings, open_store
from loaders.load import load_paths
from loaders.quarantine import read_quarantine

TODAY = date(2026, 11, 25)
MAPPING = """[source]
id = "csc"
name = "Children's social care"
service_type = "social_care"
authority = "STK"
extract_date = "{date}"
{extract}
[file]
path = "csc.csv"
date_formats = ["%d/%m/%Y"]
[[records]]
kind = "person"
[records.fields]
source_id = "id"
given_name = "given"
family_name = "family"
dob = "dob"
[[records]]
kind = "involvement"
[records.fields]
person_source_id = "id"
service = {{ value = "Stockport CSC" }}
status = "status"
"""
ROWS = {
    "A1": "A1,Ann,Lee,01/02/2015,Open",
    "B1": "B1,Bob,Lee,03/04/2016,Open",
    "C1": "C1,Cat,Lee,05/06/2017,Open",
}


def extract(folder: Path, extract_date: str, ids: list[str], kind: str | None = "full") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "csc.csv").write_text("id,given,family,dob,status\n" + "\n".join(ROWS[i] for i in ids) + "\n")
    path = folder / "csc.toml"
    path.write_text(MAPPING.format(date=extract_date, extract=f'extract = "{kind}"' if kind else ""))
    return path


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        yield s


def held(store) -> dict[str, tuple[str | None, str | None]]:
    rows = store.read_only_text(
        "MATCH (p:Person)-[rec:RECORDED_IN]->(:Source {uid: 'csc'}) "
        "MATCH (p)-[:INVOLVED_IN]->(i:Involvement) "
        "RETURN p.given_name AS name, rec.no_longer_held_since AS record, "
        "i.no_longer_held_since AS involvement"
    ).rows
    return {r["name"]: (r["record"], r["involvement"]) for r in rows}


def test_a_record_absent_from_a_newer_full_extract_is_kept_and_marked_no_longer_held(store, tmp_path):
    load_paths(store, [extract(tmp_path / "a", "2026-11-01", ["A1", "B1", "C1"])], tmp_path / "r1", TODAY)
    report = load_paths(store, [extract(tmp_path / "b", "2026-11-08", ["A1", "C1"])], tmp_path / "r2", TODAY)
    assert report.files[0].no_longer_held == 2  # Bob's person record and his involvement
    assert held(store) == {"Ann": (None, None), "Bob": ("2026-11-08", "2026-11-08"), "Cat": (None, None)}
    [row] = store.read("get_person_details", uid=_uid(store, "Bob"))
    assert [r["no_longer_held_since"] for r in row["records"]] == ["2026-11-08"]
    assert [i["no_longer_held_since"] for i in row["involvements"]] == ["2026-11-08"]
    again = load_paths(store, [extract(tmp_path / "c", "2026-11-15", ["A1", "C1"])], tmp_path / "r3", TODAY)
    assert again.files[0].no_longer_held == 0  # already marked: the first date it went missing is kept
    assert held(store)["Bob"] == ("2026-11-08", "2026-11-08")


def test_a_record_listed_again_is_held_again(store, tmp_path):
    load_paths(store, [extract(tmp_path / "a", "2026-11-01", ["A1", "B1"])], tmp_path / "r1", TODAY)
    load_paths(store, [extract(tmp_path / "b", "2026-11-08", ["A1"])], tmp_path / "r2", TODAY)
    assert held(store)["Bob"] == ("2026-11-08", "2026-11-08")
    load_paths(store, [extract(tmp_path / "c", "2026-11-15", ["A1", "B1"])], tmp_path / "r3", TODAY)
    assert held(store)["Bob"] == (None, None)


def test_a_partial_extract_leaves_absent_records_alone(store, tmp_path):
    load_paths(store, [extract(tmp_path / "a", "2026-11-01", ["A1", "B1"], None)], tmp_path / "r1", TODAY)
    report = load_paths(
        store, [extract(tmp_path / "b", "2026-11-08", ["A1"], "partial")], tmp_path / "r2", TODAY
    )
    assert report.files[0].no_longer_held == 0
    assert held(store)["Bob"] == (None, None)


def test_an_older_extract_is_refused_with_a_clear_message_unless_forced(store, tmp_path):
    load_paths(store, [extract(tmp_path / "new", "2026-11-08", ["A1"])], tmp_path / "r1", TODAY)
    before = store.fingerprint()
    old = extract(tmp_path / "old", "2026-11-01", ["B1"])
    report = load_paths(store, [old], tmp_path / "r2", TODAY)
    error = report.files[0].error
    assert error is not None and "out-of-order load refused" in error and "2026-11-08" in error
    assert "--force-older" in error and error.startswith(str(old))
    assert read_quarantine(report.quarantine_path)[0]["outcome"] == "file refused"
    assert store.fingerprint() == before
    forced = load_paths(store, [old], tmp_path / "r3", TODAY, force_older=True)
    assert forced.files[0].error is None and "Bob" in held(store)
    assert held(store)["Ann"] == (None, None)  # an older full extract marks nothing
    sources = store.read_only_text("MATCH (s:Source {uid: 'csc'}) RETURN s.extract_date AS d").rows
    assert sources == [{"d": "2026-11-08"}]  # the source keeps its newer date


def _uid(store, name: str) -> str:
    return store.read_only_text("MATCH (p:Person {given_name: $n}) RETURN p.uid AS uid", {"n": name}).rows[0][
        "uid"
    ]
