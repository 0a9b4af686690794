"""`familynet evaluate-matching` and `familynet matching ...` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph import Settings, open_store
from loaders.match.model import MatchModel

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("matching-cli")
    env = {"FAMILYNET_GRAPH_URL": f"embedded://{tmp}/g.db", "FAMILYNET_MATCH_MODEL": ""}  # the shipped model
    done = run(env, "load", str(AGENCIES), "--today", "2026-11-25", "--report-dir", str(tmp / "r"))
    assert done.exit_code == 0, done.output
    return env


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_evaluate_matching_refuses_a_ground_truth_that_shares_no_record_with_the_graph(env, tmp_path):
    truth = tmp_path / "truth.csv"
    truth.write_text("source,record_id,person\nother-src,X1,a\nother-src,X2,a\n")
    done = run(env, "evaluate-matching", str(truth))
    assert done.exit_code != 0
    assert "none is in both" in done.output and "names 2 records" in done.output
    assert "precision" not in done.output


def test_evaluate_matching_prints_pairs_completeness_beside_precision_recall_and_f1(env, tmp_path):
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "source,record_id,person\nstk-csc,C1,jaden\nman-health,H9,jaden\nstk-csc,C3,lily\n"
        "man-health,H10,lily\n"
    )
    done = run(env, "evaluate-matching", str(truth))
    assert done.exit_code == 0, done.output
    assert (
        "precision 1.0000  recall 0.5000  F1 0.6667  pairs completeness 1.0000  reduction ratio"
        in done.output
    )


def test_matching_train_writes_a_model_every_load_can_use(env, tmp_path):
    out = tmp_path / "model.json"
    from loaders.generate import generate

    generate(150, 3, tmp_path / "extracts")
    done = run(
        env, "matching", "train", str(tmp_path / "extracts"), "--out", str(out), "--today", "2026-11-01"
    )
    assert done.exit_code == 0, done.output
    assert "given_name: exact +" in done.output
    assert "household: 0." in done.output and "sharing family name and postcode are one person" in done.output
    model = MatchModel.load(out)
    assert model.trained["from"].startswith("extracts") and (tmp_path / "model.tf.json").exists()
    assert json.loads(out.read_text())["comparisons"]["dob"]["exact"]["m"] > 0.5


def test_a_named_model_file_that_does_not_exist_stops_the_load(env, tmp_path):
    done = run({**env, "FAMILYNET_MATCH_MODEL": str(tmp_path / "missing.json")}, "load", str(AGENCIES))
    assert done.exit_code != 0
    assert "missing.json: no such file; run `familynet matching train`" in done.output


def test_the_reviewers_commands(env):
    with open_store(Settings(graph_url=env["FAMILYNET_GRAPH_URL"])) as store:
        rows = store.read("list_possible_matches", source=None, authority=None, limit=5)
    a, b = rows[0]["a"]["uid"], rows[0]["b"]["uid"]
    queued = run(env, "matching", "queue")
    assert queued.exit_code == 0 and json.loads(queued.output.splitlines()[0])["a"]["uid"] == a
    refused = run(env, "matching", "decide", a, b, "same", "--reason", " ", "--by", "steward")
    assert refused.exit_code != 0 and "needs a reason" in refused.output
    done = run(env, "matching", "decide", b, a, "same", "--reason", "confirmed", "--by", "steward")
    assert done.exit_code == 0 and f"{a} merged into {b}" in done.output
    assert run(env, "matching", "whereis", a).output.strip() == b
    split = run(
        env, "matching", "split", b, "--record", "man-health:H10", "--reason", "not her", "--by", "steward"
    )
    assert split.exit_code == 0 and split.output.startswith("new person p-")
