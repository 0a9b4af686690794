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
    assert re.fullmatch(r"[\d.]+x", lines["bounded wall x baseline's"])  # the keys' bounds left by loads
    queries, read = (int(x.replace(",", "")) for x in lines["queries / records read"].split(" / "))
    assert queries > 0 and read > 0  # the step asked the graph for blocks and read records back
    matched, merged = re.fullmatch(r"([\d,]+) \(([\d,]+) merged\)", lines["extract records matched"]).groups()
    assert 0 < int(merged.replace(",", "")) <= int(matched.replace(",", ""))


def test_kept_index_graphs_are_written_once_and_matched_the_same_when_reused(tmp_path):
    """At 1M people writing the index took 36 minutes here and the matching step two: a second run
    reuses the graphs and reads the same records (in fewer queries: the keys found over their caps the
    first time kept their bounds, so none is written again)."""
    args = ["--people", "2000", "--baseline-people", "1000", "--extracts", str(tmp_path / "people")]
    args += ["--keep-graphs", str(tmp_path / "graphs")]
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    kept = sorted(p.name for p in (tmp_path / "graphs").glob("*.written.json"))
    assert kept == ["index-1000.written.json", "index-2000.written.json"]
    stamp = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "graphs").glob("*.written.json")}

    second = CliRunner().invoke(main, args, catch_exceptions=False)

    assert second.exit_code == 0, second.output
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "graphs").glob("*.written.json")} == stamp

    def figures(output: str) -> list[str]:
        keep = ("MatchRecords in the graph", "records read per record matched", "extract records matched")
        return [line for line in output.splitlines() if line.startswith(keep)]

    assert figures(second.output) == figures(first.output)
