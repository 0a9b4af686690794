"""bench/matching.py, run on the smallest FEBRL set: familynet and Splink side by side."""

from __future__ import annotations

import re

from click.testing import CliRunner

from bench.matching import main, uk_postcode


def test_febrl_postcodes_become_uk_shaped_and_keep_their_digits():
    assert uk_postcode("4223") == "Q42 2EE"
    assert uk_postcode(" 2776") == "Q27 7HH"
    assert uk_postcode("422") == "422"  # a postcode that is not one stays as it was: the loader reports it


def test_the_benchmark_prints_familynet_beside_splink():
    done = CliRunner().invoke(main, ["--sets", "febrl1", "--no-old-rules"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    row = next(line for line in done.output.splitlines() if line.startswith("| febrl1 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert re.fullmatch(r"1,000 \(\d+\)", cells[1])  # records read (quarantined)
    ours = [float(x.strip("* ")) for x in cells[2].split("/")]
    splink = [float(x) for x in cells[5].split("/")]
    assert all(0 < v <= 1 for v in ours + splink) and ours[0] >= 0.99
    assert float(cells[3]) >= 0.99  # pairs completeness
