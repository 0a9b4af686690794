"""bench/load.py on a small population: every figure of the load benchmark printed, with its ratios."""

from __future__ import annotations

import re

from click.testing import CliRunner

from bench.load import TODAY, main, person_rows
from graph import Settings, open_store
from loaders.generate import generate
from loaders.load import load_paths


def number(text: str) -> float:
    return float(re.match(r"[\d,.]+", text).group().replace(",", ""))


def test_the_benchmark_prints_the_whole_load_beside_its_ceiling_and_replayed_writes():
    done = CliRunner().invoke(main, ["--people", "300"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    lines = {line[:40].strip(): line[40:].strip() for line in done.output.splitlines()}
    assert number(lines["end-to-end load"]) > 0
    for figure in (
        "ceiling, plain batched MERGE (rows/s)",
        "this load's writes, replayed",
        "floor: bare nodes and links",
    ):
        assert number(lines[figure]) > 0, figure
    assert re.fullmatch(r"\d+%", lines["ratio end-to-end / ceiling (>= 50 %)"])
    assert re.search(r"precision [\d.]+ +recall [\d.]+ +F1 [\d.]+", done.output)


def test_the_ceiling_and_baseline_write_as_many_person_records_as_the_load(tmp_path):
    """They are plain writes of the load's own person records: none lost, none twice."""
    generate(people=120, seed=3, out=tmp_path / "x", today=TODAY)
    rows = person_rows(tmp_path / "x")
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as store:
        load_paths(store, [tmp_path / "x"], tmp_path / "r", TODAY)
        loaded = store.read("list_person_records")
    assert len(rows) == len(loaded) > 0
    assert len({r["uid"] for r in rows}) == len(rows)
