"""bench/matching_speed.py on small graphs: the matching step against N people beside its baseline."""

from __future__ import annotations

import re

from click.testing import CliRunner

from bench.matching_speed import main


def test_the_benchmark_prints_the_matching_step_against_its_baseline(tmp_path):
    args = ["--people", "3000", "--baseline-people", "1000", "--extracts", str(tmp_path)]
    done = CliRunner().invoke(main, args, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "10k records against 3,000 people (baseline 1,000)" in done.output
    lines = {line[:40].strip(): line[40:].strip() for line in done.output.splitlines()}
    assert re.fullmatch(r"[\d.]+x", lines["wall x baseline"])
    queries, read = (int(x.replace(",", "")) for x in lines["queries / records read"].split(" / "))
    assert queries > 0 and read > 0  # the step asked the graph for blocks and read records back
    matched, merged = re.fullmatch(r"([\d,]+) \(([\d,]+) merged\)", lines["extract records matched"]).groups()
    assert 0 < int(merged.replace(",", "")) <= int(matched.replace(",", ""))
