"""``familynet query``: same read-only path and limits as the console, three output formats, and an
exit status and message a script can act on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from analyst_graph import TODAY, build_sample_graph
from click.testing import CliRunner
from engines import Graphs, graph_env

from cli import main
from governance.audit import AuditLog


@pytest.fixture(scope="module")
def sample(graphs: Graphs, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A sample graph, built once for the module: opening the embedded engine costs about a second,
    and every command here only reads (the refusal tests prove they do)."""
    tmp_path = tmp_path_factory.mktemp("cli")
    store, _ = graphs.shared(request, tmp_path, build_sample_graph)
    store.close()  # so that the command opens the graph as a user would
    yield store.settings, tmp_path


@pytest.fixture
def env(sample) -> dict[str, str]:
    """The commands' environment: the sample graph and a private audit log."""
    settings, tmp_path = sample
    return {
        **graph_env(settings),
        "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db",
        "FAMILYNET_TODAY": TODAY.isoformat(),
        "FAMILYNET_QUERY_ROW_LIMIT": "1000",
    }


def query(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, ["query", *args], env=env, catch_exceptions=False)


def test_json_output_holds_columns_rows_and_whether_it_was_cut(env: dict[str, str]) -> None:
    done = query(
        env,
        "MATCH (p:Person) WHERE p.dob < $born RETURN p.uid AS uid ORDER BY uid",
        "--param",
        "born=1990-01-01",
        "--format",
        "json",
    )
    assert done.exit_code == 0, done.output
    body = json.loads(done.stdout)
    assert body["columns"] == ["uid"] and body["rows"] == [{"uid": "dan"}, {"uid": "eve"}]
    assert body["truncated"] is False


def test_csv_output_is_neutralised(env: dict[str, str]) -> None:
    done = query(env, "RETURN '=1+1' AS formula, 3 AS n", "--format", "csv")
    assert done.exit_code == 0
    assert list(csv.reader(io.StringIO(done.stdout))) == [["formula", "n"], ["'=1+1", "3"]]


def test_table_output_and_the_row_limit_notice(env: dict[str, str]) -> None:
    done = query(env, "MATCH (p:Person) RETURN p.given_name AS name ORDER BY name", "--limit", "2")
    assert done.exit_code == 0
    assert "Aimee" in done.stdout and "Amy" in done.stdout and "Ben" not in done.stdout
    assert "2 row(s)" in done.stdout
    assert "Showing the first 2 rows of more" in done.stderr


def test_a_saved_query_runs_by_name_with_its_default_parameters(env: dict[str, str]) -> None:
    done = query(env, "find_children_with_many_services_no_recent_contact", "--format", "json")
    assert done.exit_code == 0, done.output
    assert [r["name"] for r in json.loads(done.stdout)["rows"]] == ["Amy Cole"]
    wider = query(
        env,
        "analyst/find_children_with_many_services_no_recent_contact",
        "-p",
        "min_services=2",
        "--format",
        "json",
    )
    assert [r["name"] for r in json.loads(wider.stdout)["rows"]] == ["Amy Cole", "Cal Cole"]


def test_a_query_file_runs_with_the_defaults_in_its_header(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "mine.cypher"
    path.write_text(
        "// Parameters: $family (string, default 'Hart')\n"
        "MATCH (p:Person {family_name: $family}) RETURN p.uid AS uid\n"
    )
    done = query(env, str(path), "--format", "json")
    assert json.loads(done.stdout)["rows"] == [{"uid": "fay"}]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["MATCH (p:Person) DETACH DELETE p"], 3, "refused: this query would change the graph"),
        (["LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r"], 3, "refused: LOAD CSV reads files"),
        (
            ["UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y RETURN count(*)", "--timeout", "0.5"],
            4,
            "timeout: the query ran past its time limit of 0.5 s and was stopped",
        ),
        (["MATCH (p:Person)\nRETURN p.uid +"], 1, "(line 2, column 15)"),
        (["RETURN $x"], 1, "error:"),
    ],
    ids=["write", "load csv", "timeout", "syntax error", "missing parameter"],
)
def test_failures_exit_non_zero_with_a_clear_message(env: dict[str, str], args, status, message) -> None:
    done = query(env, *args)
    assert done.exit_code == status
    assert message in done.stderr and "Traceback" not in done.output
    assert done.stdout == ""


def test_the_cli_records_every_run_in_the_audit_trail(env: dict[str, str], tmp_path: Path) -> None:
    env = {**env, "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/own-audit.db"}
    query(env, "RETURN 1 AS one")
    query(env, "CREATE (:Person {uid: 'z'})")
    entries = AuditLog(env["FAMILYNET_AUDIT_URL"]).entries(action="analyst_query")
    assert [json.loads(e.detail)["outcome"] for e in entries] == ["ok", "refused"]
    assert all(e.actor.startswith("cli:") for e in entries)


def test_bad_parameters_are_a_usage_error(env: dict[str, str]) -> None:
    done = query(env, "RETURN $x", "--param", "x")
    assert done.exit_code == 2 and "name=value" in done.stderr
