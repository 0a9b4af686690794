"""bench/matching_misses.py on the smallest FEBRL set: every true pair missed lands in one bucket,
with how many of them Splink merges."""

from __future__ import annotations

import re

from click.testing import CliRunner

from bench.matching_misses import main


def test_the_misses_are_bucketed_beside_splink():
    done = CliRunner().invoke(main, ["febrl1"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    total = next(line for line in lines if line.startswith("true pairs missed:"))
    missed, splink = (int(n) for n in re.findall(r"\d+", total))
    buckets = [re.match(r"\s+(\d+) \(Splink\s+(\d+)\)  (.+)", line) for line in lines]
    buckets = [b for b in buckets if b]
    assert missed > 0 and sum(int(b[1]) for b in buckets) == missed
    assert sum(int(b[2]) for b in buckets) == splink <= missed
    assert any(line.startswith("look-alike pairs of two people (one unnamed):") for line in lines)
