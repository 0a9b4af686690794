"""Each comparison level of the match model, table-driven: (description, two identities, expected level).

Every row is checked twice: by the Python test the loader scores with, and by the DuckDB SQL Splink
estimates the model with, so the two can never drift apart.
"""

from __future__ import annotations

import duckdb
import pytest

from loaders.match.comparisons import COMPARISONS, DOB, FAMILY, GENDER, GIVEN, HOME, Comparison
from loaders.match.features import FEATURE_COLUMNS, features, features_row
from loaders.match.train import feature_table
from loaders.matching import Identity

BASE = Identity(
    given="Jaden",
    family="Smith",
    dob="2015-03-02",
    postcode="SK4 1AA",
    gender="male",
    address="12 Acacia Avenue, Stockport",
)


def variant(**changes: str) -> Identity:
    return Identity(**{**BASE.__dict__, **changes})


V = variant
CASES = [
    # given name
    ("given: same, any case", GIVEN, BASE, V(given="JADEN"), "exact"),
    ("given: accents folded", GIVEN, V(given="Zoe"), V(given="Zoë"), "exact"),
    ("given: nickname", GIVEN, V(given="Elizabeth"), V(given="Liz"), "nickname"),
    ("given: swapped with family name", GIVEN, BASE, V(given="Smith", family="Jaden"), "swapped"),
    ("given: swapped, with a typo", GIVEN, BASE, V(given="Smithe", family="Jaden"), "swapped"),
    ("given: one-letter typo", GIVEN, BASE, V(given="Jayden"), "jw92"),
    ("given: further off", GIVEN, V(given="Kayleigh"), V(given="Kylie"), "jw80"),
    ("given: different", GIVEN, BASE, V(given="Jordan"), "else"),
    ("given: missing", GIVEN, BASE, V(given=""), "null"),
    # family name
    ("family: same", FAMILY, BASE, V(family="SMITH"), "exact"),
    (
        "family: swapped names weigh once (in given name)",
        FAMILY,
        BASE,
        V(given="Smith", family="Jaden"),
        "swapped",
    ),
    ("family: double-barrelled", FAMILY, BASE, V(family="Smith-Jones"), "part"),
    ("family: hyphen or space", FAMILY, V(family="Smith-Jones"), V(family="Jones Smith"), "part"),
    ("family: a previous name", FAMILY, BASE, V(family="Okafor", other_names="Smith"), "other_name"),
    ("family: typo", FAMILY, BASE, V(family="Smithe"), "jw92"),
    ("family: sounds the same", FAMILY, V(family="Phillips"), V(family="Filips"), "sound"),
    ("family: further off", FAMILY, V(family="Thompson"), V(family="Thomas"), "jw80"),
    ("family: changed", FAMILY, BASE, V(family="Okafor"), "else"),
    ("family: missing", FAMILY, BASE, V(family=""), "null"),
    # date of birth
    ("dob: exact", DOB, BASE, V(), "exact"),
    ("dob: day and month swapped", DOB, BASE, V(dob="2015-02-03"), "swapped"),
    ("dob: one digit off", DOB, BASE, V(dob="2015-03-07"), "one_off"),
    ("dob: same year and month", DOB, BASE, V(dob="2015-03-28"), "year_month"),
    ("dob: within a year", DOB, BASE, V(dob="2014-06-30"), "year"),
    ("dob: within five years", DOB, BASE, V(dob="2011-09-09"), "years5"),
    ("dob: a generation apart", DOB, BASE, V(dob="1988-01-05"), "else"),
    ("dob: missing", DOB, BASE, V(dob=""), "null"),
    (
        "dob: not a real date, kept as text: day/month swapped",
        DOB,
        BASE,
        V(dob="", dob_text="20150203"),
        "swapped",
    ),
    ("dob: text with one character off", DOB, BASE, V(dob="", dob_text="2015-03-32"), "one_off"),
    ("dob: text far off", DOB, BASE, V(dob="", dob_text="1999-31-12"), "else"),
    # home
    ("home: same address", HOME, BASE, V(address="12 ACACIA AVE."), "address"),
    ("home: address with a typo", HOME, BASE, V(address="12 Acacia Avenu, Stockport"), "address_similar"),
    ("home: same postcode, no address on one side", HOME, BASE, V(address=""), "postcode"),
    ("home: same postcode, another address", HOME, BASE, V(address="40 Mill Lane"), "postcode_other_address"),
    ("home: same sector", HOME, V(address=""), V(address="", postcode="SK4 1ZZ"), "sector"),
    ("home: same district", HOME, V(address=""), V(address="", postcode="SK4 2BB"), "district"),
    ("home: moved", HOME, V(address=""), V(address="", postcode="M1 1AA"), "else"),
    ("home: nothing known", HOME, BASE, V(address="", postcode=""), "null"),
    # gender
    ("gender: same", GENDER, BASE, V(gender="M"), "exact"),
    ("gender: differs", GENDER, BASE, V(gender="female"), "else"),
    ("gender: not known counts as missing", GENDER, BASE, V(gender="unknown"), "null"),
]


def level_name(comparison: Comparison, a: Identity, b: Identity) -> str:
    i = comparison.level_of(features(a), features(b))
    return "null" if i < 0 else comparison.levels[i].name


def sql_level(comparison: Comparison, a: Identity, b: Identity) -> str:
    """The level DuckDB finds with the SQL conditions Splink is given."""
    whens = [f"WHEN {comparison.missing_sql} THEN 'null'"]
    whens += [f"WHEN {level.sql} THEN '{level.name}'" for level in comparison.levels[:-1]]
    case = f"CASE {' '.join(whens)} ELSE 'else' END"
    left, right = feature_table([features(a)], ["l"]), feature_table([features(b)], ["r"])
    con = duckdb.connect()
    con.register("a", left)
    con.register("b", right)
    cols = ", ".join(f"a.{c} AS {c}_l, b.{c} AS {c}_r" for c in FEATURE_COLUMNS)
    return con.sql(f"SELECT {case} FROM (SELECT {cols} FROM a, b)").fetchall()[0][0]


@pytest.mark.parametrize("description, comparison, a, b, expected", CASES, ids=[c[0] for c in CASES])
def test_each_level_in_python_and_in_splink_sql(description, comparison, a, b, expected):
    assert level_name(comparison, a, b) == expected, description
    assert sql_level(comparison, a, b) == expected, description
    assert level_name(comparison, b, a) == expected, f"{description} (either way round)"


def test_every_level_is_in_the_table():
    covered = {(c.name, e) for _, c, _, _, e in CASES}
    missing = [
        (c.name, lvl.name) for c in COMPARISONS for lvl in c.levels if (c.name, lvl.name) not in covered
    ]
    assert missing == []


def test_a_jaro_winkler_threshold_out_of_range_is_refused():
    from loaders.match.comparisons import _jw_level

    with pytest.raises(ValueError, match="threshold"):
        _jw_level("given", 1.2, "x")


def test_features_fold_names_and_keep_a_bad_date_as_text():
    f = features(
        Identity(given=" zoë ", family="O'Brien-Smith", dob="", dob_text="19972108", postcode="sk4 1aa")
    )
    row = features_row(f)
    assert (row["given"], row["family"], row["family_parts"]) == ("ZOE", "OBRIEN-SMITH", ["OBRIEN", "SMITH"])
    assert (row["dob"], row["dob_days"], row["postcode_district"]) == ("19972108", None, "SK4")


def test_the_loaders_fast_level_functions_agree_with_the_levels_as_stated():
    """loaders/match/fast.py (what a load runs) against comparisons.py (the statement, and Splink's SQL)."""
    import random

    from loaders.match.fast import FAST

    pool = [c[2] for c in CASES] + [c[3] for c in CASES]
    rng = random.Random(1)
    pairs = [(a, b) for a in pool for b in pool] + [(rng.choice(pool), rng.choice(pool)) for _ in range(2000)]
    for comparison in COMPARISONS:
        fast = FAST[comparison.name]
        for a, b in pairs:
            fa, fb = features(a), features(b)
            assert fast(fa, fb) == comparison.level_of(fa, fb), (comparison.name, a, b)
