"""bench/governed.py runs, prints its ratio against the baseline of the same run, and leaves the
person-view service's hooks as it found them."""

from __future__ import annotations

from click.testing import CliRunner

from app.people.governed import Governed
from bench.governed import main


def test_the_governed_bench_prints_a_ratio_and_restores_the_hooks():
    before = Governed.rows
    result = CliRunner().invoke(main, ["--people", "300", "--taps", "10"])
    assert result.exit_code == 0, result.output
    assert "baseline (hooks passed through): median" in result.output and "ratio: " in result.output
    assert Governed.rows is before
