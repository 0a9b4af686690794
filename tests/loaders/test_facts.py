"""Service-specific facts: declared in a mapping's [[facts]], checked against allowed values, stored as
Fact nodes on the involvement with provenance, and written by the synthetic generator for housing,
school and police."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders.errors import FileProblem
from loaders.generate import generate
from loaders.load import load_paths
from loaders.mapping import load_mapping

FACTS = Path(__file__).parents[1] / "data" / "facts"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def loaded(graphs, request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("facts")
    fill = lambda s: load_paths(s, [FACTS], report_dir=tmp / "report", today=TODAY)  # noqa: E731
    store, report = graphs.shared(request, tmp, fill, today=TODAY.isoformat())
    yield store, report
    store.close()


def facts_of(store, given: str, source: str) -> list[dict]:
    return store.read_only_text(
        "MATCH (:Person {given_name: $g})-[:INVOLVED_IN]->(:Involvement)-[:HAS_FACT]->(f:Fact)"
        "-[rec:RECORDED_IN]->(s:Source {uid: $s}) "
        "RETURN f.kind AS kind, f.label AS label, f.value AS value, f.date AS date, f.detail AS detail, "
        "f.source AS source, f.extract_date AS extract_date, rec.record_id AS record_id ORDER BY f.date",
        {"g": given, "s": source},
    ).rows


def test_a_mapping_declares_facts_with_labels_allowed_values_and_columns():
    mapping = load_mapping(FACTS / "housing.toml")
    arrears = next(f for f in mapping.facts if f.kind == "rent_arrears")
    assert (arrears.label, arrears.values) == ("Rent arrears", ("open", "closed", "no records"))
    assert (arrears.value.column, arrears.date.column, arrears.detail.column) == (
        "Rent Arrears",
        "Arrears Since",
        "Arrears Weeks",
    )


@pytest.mark.parametrize(
    "description, table, message",
    [
        ("no label", '[[facts]]\nkind = "x"\ncolumn = "X"\n', "needs kind"),
        (
            "column and value",
            '[[facts]]\nkind = "x"\nlabel = "X"\ncolumn = "X"\nvalue = "y"\n',
            "give column",
        ),
        ("unknown key", '[[facts]]\nkind = "x"\nlabel = "X"\ncolumn = "X"\ncolour = "red"\n', "unknown keys"),
    ],
)
def test_a_bad_facts_declaration_names_the_problem(tmp_path, description, table, message):
    text = (FACTS / "housing.toml").read_text(encoding="utf-8").split("[[facts]]")[0] + table
    (tmp_path / "housing.csv").write_text(
        (FACTS / "housing.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "m.toml").write_text(text, encoding="utf-8")
    with pytest.raises(FileProblem, match=message):
        load_mapping(tmp_path / "m.toml")


def test_facts_are_stored_on_the_involvement_with_their_source(loaded):
    store, _ = loaded
    housing = {f["kind"]: f for f in facts_of(store, "Lee", "housing-facts")}
    assert housing["rent_arrears"] | {} == {
        "kind": "rent_arrears",
        "label": "Rent arrears",
        "value": "open",
        "date": "2026-08-01",
        "detail": "8",
        "source": "housing-facts",
        "extract_date": "2026-11-20",
        "record_id": "T1",
    }
    assert housing["eviction"]["value"] == "no records" and housing["eviction"]["date"] == ""
    offences = [(f["value"], f["detail"]) for f in facts_of(store, "Lee", "gmp-facts")]
    assert len(offences) == 5 and ("Theft", "convicted") in offences  # stored; the rules decide what shows


def test_a_value_outside_the_allowed_list_flags_the_field_and_the_rest_of_the_row_loads(loaded):
    store, report = loaded
    housing = next(f for f in report.files if f.source == "housing-facts")
    assert (housing.quarantined, housing.loaded, housing.flagged) == (0, 2, 1)
    text = report.quarantine_path.read_text(encoding="utf-8")
    assert "Rent arrears 'Maybe' is not one of ['open', 'closed', 'no records']" in text
    assert "field flagged, record kept" in text
    assert facts_of(store, "Ray", "housing-facts") == []  # no fact stated; Ray and his tenancy loaded
    involved = "MATCH (:Person {given_name: 'Ray'})-[:INVOLVED_IN]->(i {source: 'housing-facts'}) "
    involved += "RETURN count(i) AS n"
    assert store.read_only_text(involved).rows == [{"n": 1}]


def test_loading_the_same_extract_again_adds_no_facts(loaded, tmp_path):
    store, _ = loaded
    count = "MATCH (f:Fact) RETURN count(f) AS n"
    before = store.read_only_text(count, {}).rows[0]["n"]
    load_paths(store, [FACTS], report_dir=tmp_path, today=TODAY)
    assert store.read_only_text(count, {}).rows[0]["n"] == before


def test_the_generator_writes_facts_for_housing_school_and_police(tmp_path):
    generate(300, 7, tmp_path)
    kinds = {
        load_mapping(p).service_type: {f.kind for f in load_mapping(p).facts} for p in tmp_path.glob("*.toml")
    }
    assert kinds["housing"] == {
        "anti_social_behaviour",
        "rent_arrears",
        "notice_seeking_possession",
        "eviction",
    }
    assert kinds["school"] == {"school_name", "admission_type"}
    assert kinds["police"] == {"area", "offence"}
