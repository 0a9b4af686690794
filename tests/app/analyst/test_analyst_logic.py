"""The console's pure rules: parameter defaults and parsing, safe CSV, graph elements, audited runs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from analyst_graph import TODAY, build_sample_graph

from app.analyst.results import cell_text, table_rows, to_elements
from app.analyst.results import results_csv as to_csv
from app.analyst.running import (
    AUDIT_ACTION,
    ParameterError,
    describe_error,
    parameter_defaults,
    parse_param_pairs,
    parse_params,
    record_bad_parameters,
    run_audited,
    truncation_notice,
)
from governance.audit import AuditLog
from graph import GraphStore, open_store, queries
from graph.result import node, path, relationship


@pytest.fixture
def store(new_graph) -> Iterator[GraphStore]:  # noqa: ANN001
    store = open_store(new_graph(query_row_limit=3))
    build_sample_graph(store)
    yield store
    store.close()


@pytest.fixture
def audit(tmp_path: Path) -> AuditLog:
    return AuditLog(f"sqlite:///{tmp_path}/audit.db")


@pytest.mark.parametrize(
    ("description", "header", "expected"),
    [
        (
            "integer and today",
            "$days (integer, default 90), $today (date, default today)",
            {"days": 90, "today": "2026-11-25"},
        ),
        ("float", "$min_score (float, default 0.75)", {"min_score": 0.75}),
        (
            "text, quoted or not",
            "$area (string, default 'Stockport'), $team (string, default CIN)",
            {"area": "Stockport", "team": "CIN"},
        ),
        ("list", '$types (list, default ["police", "housing"])', {"types": ["police", "housing"]}),
        ("no default is left for the analyst", "$uid (string)", {}),
        ("none", "none", {}),
    ],
)
def test_parameter_defaults_come_from_the_header(description: str, header: str, expected: dict) -> None:
    query = queries.NamedQuery("analyst/x", "RETURN 1", {"parameters": header})
    assert parameter_defaults(query, TODAY) == expected, description


@pytest.mark.parametrize(
    ("text", "problem"),
    [("{days: 90}", "not valid JSON"), ("[1, 2]", "must be a JSON object"), ('{"a": 1', "not valid JSON")],
)
def test_unreadable_parameters_are_explained(text: str, problem: str) -> None:
    with pytest.raises(ParameterError, match=problem):
        parse_params(text)


def test_parameters_from_json_and_from_name_value_pairs() -> None:
    assert parse_params("") == {} and parse_params(' {"days": 30} ') == {"days": 30}
    assert parse_param_pairs(["days=30", "name=Amy Cole", "ids=[1,2]", "flag=true", "eq=a=b"]) == {
        "days": 30,
        "name": "Amy Cole",
        "ids": [1, 2],
        "flag": True,
        "eq": "a=b",
    }
    with pytest.raises(ParameterError, match="name=value"):
        parse_param_pairs(["days"])


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 161 000", "'+44 161 000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Amy Cole", "Amy Cole"),
        ("a=b", "a=b"),
    ],
)
def test_csv_neutralises_cells_a_spreadsheet_would_run(cell: str, written: str) -> None:
    text = to_csv(["value", "=col"], [{"value": cell, "=col": 1}])
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == ["value", "'=col"]
    assert row == [written, "1"]


def test_numbers_stay_numbers_in_csv_but_text_that_looks_like_one_is_neutralised() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(["n", "t"], [{"n": -5, "t": "-5"}, {"n": 2.5, "t": "x"}]))))
    assert rows[1:] == [["-5", "'-5"], ["2.5", "x"]]


def test_cells_show_nodes_relationships_and_lists_readably() -> None:
    amy = node(1, ["Person"], {"given_name": "Amy", "family_name": "Cole"})
    home = node(2, ["Household"], {"address": "1 Mill Lane"})
    lives = relationship(5, "LIVES_AT", 1, 2, {})
    assert cell_text(amy) == "(:Person Amy Cole)"
    assert cell_text(lives) == "[:LIVES_AT]"
    assert cell_text(path([amy, home], [lives])) == "path of 1 relationship(s)"
    assert cell_text(["a", None, 3]) == "a, , 3"
    assert cell_text({"b": 1, "a": date(2026, 1, 2).isoformat()}) == '{"a": "2026-01-02", "b": 1}'
    assert table_rows(["n", "who", "ok"], [{"n": 3, "who": amy, "ok": True}]) == [
        {"n": 3, "who": "(:Person Amy Cole)", "ok": "true"}
    ]


def test_graph_elements_hold_each_node_once_and_only_drawable_edges() -> None:
    amy = node(1, ["Person"], {"given_name": "Amy"})
    home = node(2, ["Household"], {"address": "1 Mill Lane"})
    rows = [
        {"p": path([amy, home], [relationship(5, "LIVES_AT", 1, 2, {})])},
        {"who": [amy], "elsewhere": relationship(6, "PARENT_OF", 9, 1, {}), "n": 4},
    ]
    elements = to_elements(rows)
    assert [e["data"]["id"] for e in elements] == ["n1", "n2", "e5"]
    assert elements[0]["classes"] == "person" and elements[1]["data"]["label"] == "1 Mill Lane"
    assert elements[2]["data"] == {"id": "e5", "source": "n1", "target": "n2", "label": "LIVES_AT"}
    assert to_elements([{"n": 1, "name": "x"}]) == []


def test_every_run_is_audited_with_its_outcome(store: GraphStore, audit: AuditLog) -> None:
    ok = run_audited(store, audit, "ana", "MATCH (p:Person) RETURN p.uid AS uid", {"x": 1})
    refused = run_audited(store, audit, "ana", "CREATE (:Person {uid: 'z'})", {})
    broken = run_audited(store, audit, "ana", "MATCH (p) RETURN q", {})
    slow = run_audited(
        store,
        audit,
        "ana",
        "UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y RETURN count(*)",
        {},
        timeout_s=0.3,
    )
    bad = record_bad_parameters(audit, "ana", "RETURN $x", "{x:", "parameters are not valid JSON")
    assert [o.kind for o in (ok, refused, broken, slow, bad)] == [
        "ok",
        "refused",
        "error",
        "timeout",
        "bad_parameters",
    ]
    entries = audit.entries(action=AUDIT_ACTION)
    details = [json.loads(e.detail) for e in entries]
    assert [e.actor for e in entries] == ["ana"] * 5
    assert [d["outcome"] for d in details] == ["ok", "refused", "error", "timeout", "bad_parameters"]
    first = details[0]
    assert first["query"] == "MATCH (p:Person) RETURN p.uid AS uid" and first["params"] == {"x": 1}
    assert first["rows"] == 3 and first["truncated"] is True and first["elapsed_ms"] >= 0
    assert "only read queries" in details[1]["error"] and "not defined" in details[2]["error"]
    assert truncation_notice(ok.result, 3).startswith("Showing the first 3 rows of more")
    assert audit.verify() == []


def test_nothing_is_returned_when_the_audit_cannot_be_written(store: GraphStore) -> None:
    class BrokenAudit:
        def record(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("audit database is read-only")

    with pytest.raises(RuntimeError, match="audit database"):
        run_audited(store, BrokenAudit(), "ana", "MATCH (p:Person) RETURN p", {})


def test_errors_are_described_with_line_and_column(store: GraphStore, audit: AuditLog) -> None:
    cypher = "MATCH (p:Person)\nRETURN p.uid +"
    outcome = run_audited(store, audit, "ana", cypher, {})
    assert outcome.kind == "error" and describe_error(cypher, outcome).endswith("(line 2, column 15)")
