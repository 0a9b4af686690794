"""The comparison levels of the match model, each stated twice: as a Python test on two records'
features (the load-time scorer) and as the same test in DuckDB SQL (Splink estimates the model).

Levels are tried in order and the first that holds is the pair's level, as in Splink. The m and u
probabilities are not here: they are estimated from the data (``familynet matching train``) and kept
in the model file. tests/loaders/test_match_levels.py holds one table row per level, and checks that Python
and SQL agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jellyfish

from loaders.match.features import Features

Test = Callable[[Features, Features], bool]


@dataclass(frozen=True)
class Level:
    name: str  # stable key in the model file
    reason: str  # plain words; {a} and {b} are the two values, {jw} their Jaro-Winkler similarity
    test: Test
    sql: str
    tf: str | None = None  # term-frequency adjusted on this feature (exact levels only)
    neutral: bool = False  # evidence counted in another comparison: weight 0 (m = u)
    fixed_m: float | None = None  # m set by principle, not estimated (see GENDER)
    unobserved_as: tuple[str, ...] = ()  # never seen in training: weigh as these levels together (HOME)


@dataclass(frozen=True)
class Comparison:
    name: str  # the model file's key and Splink's output column
    label: str  # in words, for the waterfall
    feature: str  # the value shown in reasons
    missing: Test  # no evidence either way (Splink's null level)
    missing_sql: str
    levels: tuple[Level, ...]  # the last is the "else" level

    def level_of(self, a: Features, b: Features) -> int:
        """Index into ``levels`` of the first that holds, or -1 when either side lacks the value."""
        if self.missing(a, b):
            return -1
        for i, level in enumerate(self.levels[:-1]):
            if level.test(a, b):
                return i
        return len(self.levels) - 1


def _jw(x: str | None, y: str | None) -> float:
    return jellyfish.jaro_winkler_similarity(x or "", y or "")


def _either_null(feature: str) -> tuple[Test, str]:
    return (
        lambda a, b: getattr(a, feature) is None or getattr(b, feature) is None,
        f"{feature}_l IS NULL OR {feature}_r IS NULL",
    )


def _exact(feature: str, reason: str, tf: bool = False) -> Level:
    return Level(
        "exact",
        reason,
        lambda a, b: getattr(a, feature) == getattr(b, feature),
        f"{feature}_l = {feature}_r",
        tf=feature if tf else None,
    )


def _jw_level(feature: str, threshold: float, reason: str) -> Level:
    if not 0.5 <= threshold < 1:
        raise ValueError(f"Jaro-Winkler threshold must be in [0.5, 1), got {threshold}")
    return Level(
        f"jw{round(threshold * 100)}",
        reason,
        lambda a, b: _jw(getattr(a, feature), getattr(b, feature)) >= threshold,
        f"jaro_winkler_similarity({feature}_l, {feature}_r) >= {threshold}",
    )


def _else(reason: str) -> Level:
    return Level("else", reason, lambda a, b: True, "ELSE")


def _swapped(a: Features, b: Features) -> bool:
    """Given and family names swapped, a typo allowed in each (Jaro-Winkler >= 0.92 across)."""
    return (
        a.given is not None
        and b.family is not None
        and a.family is not None
        and b.given is not None
        and _jw(a.given, b.family) >= 0.92
        and _jw(a.family, b.given) >= 0.92
    )


SWAPPED_SQL = (
    "jaro_winkler_similarity(given_l, family_r) >= 0.92 "
    "AND jaro_winkler_similarity(family_l, given_r) >= 0.92"
)


def _dob_swapped(a: Features, b: Features) -> bool:
    x, y = a.dob or "", b.dob or ""
    return len(x) == 8 and len(y) == 8 and x[:4] == y[:4] and x[4:6] == y[6:8] and x[6:8] == y[4:6]


DOB_SWAPPED_SQL = (
    "length(dob_l) = 8 AND length(dob_r) = 8 AND substr(dob_l, 1, 4) = substr(dob_r, 1, 4) "
    "AND substr(dob_l, 5, 2) = substr(dob_r, 7, 2) AND substr(dob_l, 7, 2) = substr(dob_r, 5, 2)"
)


def _within_a_year(a: Features, b: Features) -> bool:
    return a.dob_days is not None and b.dob_days is not None and abs(a.dob_days - b.dob_days) <= 365


GIVEN = Comparison(
    "given_name",
    "given name",
    "given",
    *_either_null("given"),
    levels=(
        _exact("given", "given name same", tf=True),
        Level(
            "nickname",
            "given name {a}/{b} nickname",
            lambda a, b: bool(a.given_keys & b.given_keys),
            "list_has_any(given_keys_l, given_keys_r)",
        ),
        Level("swapped", "given and family names swapped", _swapped, SWAPPED_SQL),
        _jw_level("given", 0.92, "given name {a}/{b} JW {jw:.2f}"),
        _jw_level("given", 0.80, "given name {a}/{b} JW {jw:.2f} only"),
        _else("given name differs"),
    ),
)

FAMILY = Comparison(
    "family_name",
    "family name",
    "family",
    *_either_null("family"),
    levels=(
        _exact("family", "family name same", tf=True),
        # the swap is one piece of evidence, weighed once, in the given-name comparison
        Level("swapped", "(names swapped)", _swapped, SWAPPED_SQL, neutral=True),
        Level(
            "part",
            "family name {a}/{b} share a part (double-barrelled)",
            lambda a, b: bool(a.family_parts & b.family_parts),
            "list_has_any(family_parts_l, family_parts_r)",
        ),
        Level(
            "other_name",
            "family name {a}/{b} known as other or previous name",
            lambda a, b: bool(a.family_all & b.family_all),
            "list_has_any(family_all_l, family_all_r)",
        ),
        _jw_level("family", 0.92, "family name {a}/{b} JW {jw:.2f}"),
        Level(
            "sound",
            "family name {a}/{b} sounds the same",
            lambda a, b: a.family_sound == b.family_sound,
            "family_sound_l = family_sound_r",
        ),
        _jw_level("family", 0.80, "family name {a}/{b} JW {jw:.2f} only"),
        _else("family name differs (names change)"),
    ),
)

DOB = Comparison(
    "dob",
    "date of birth",
    "dob",
    *_either_null("dob"),
    levels=(
        _exact("dob", "DOB exact"),
        Level("swapped", "DOB day/month swapped", _dob_swapped, DOB_SWAPPED_SQL),
        Level(
            "one_off",
            "DOB one digit or character off",
            lambda a, b: jellyfish.damerau_levenshtein_distance(a.dob or "", b.dob or "") <= 1,
            "damerau_levenshtein(dob_l, dob_r) <= 1",
        ),
        Level(
            "year_month",
            "DOB same year and month",
            lambda a, b: (
                (a.dob or "")[:6] == (b.dob or "")[:6] and a.dob_days is not None and b.dob_days is not None
            ),
            "substr(dob_l, 1, 6) = substr(dob_r, 1, 6) AND dob_days_l IS NOT NULL AND dob_days_r IS NOT NULL",
        ),
        Level("year", "DOB within a year", _within_a_year, "abs(dob_days_l - dob_days_r) <= 365"),
        Level(
            "years5",
            "DOB within five years",
            lambda a, b: (
                a.dob_days is not None and b.dob_days is not None and abs(a.dob_days - b.dob_days) <= 1826
            ),
            "abs(dob_days_l - dob_days_r) <= 1826",
        ),
        _else("DOB differs"),
    ),
)


def _address_similar(a: Features, b: Features) -> bool:
    return a.address is not None and b.address is not None and _jw(a.address, b.address) >= 0.9


def _postcode_no_address(a: Features, b: Features) -> bool:
    return a.postcode is not None and a.postcode == b.postcode and (a.address is None or b.address is None)


def _home_missing(a: Features, b: Features) -> bool:
    return (a.postcode is None and a.address is None) or (b.postcode is None and b.address is None)


# Where a person lives, once: the same address implies the same postcode, so the two are one comparison
# (two would count one fact twice). A move is common, so differing is weak evidence.
HOME = Comparison(
    "home",
    "address and postcode",
    "postcode",
    _home_missing,
    "(postcode_l IS NULL AND address_l IS NULL) OR (postcode_r IS NULL AND address_r IS NULL)",
    levels=(
        Level(
            "address",
            "address same",
            lambda a, b: a.address is not None and a.address == b.address,
            "address_l = address_r",
        ),
        Level(
            "address_similar",
            "address similar",
            _address_similar,
            "jaro_winkler_similarity(address_l, address_r) >= 0.9",
        ),
        # training data where every record has an address never shows this level: it is then the
        # evidence of a postcode agreeing at all (the levels where postcodes agree, together)
        Level(
            "postcode",
            "postcode same (an address not known)",
            _postcode_no_address,
            "postcode_l = postcode_r AND (address_l IS NULL OR address_r IS NULL)",
            unobserved_as=("address", "address_similar", "postcode_other_address"),
        ),
        Level(
            "postcode_other_address",
            "postcode same, address differs",
            lambda a, b: a.postcode is not None and a.postcode == b.postcode,
            "postcode_l = postcode_r",
        ),
        Level(
            "sector",
            "postcode sector same",
            lambda a, b: a.postcode_sector is not None and a.postcode_sector == b.postcode_sector,
            "postcode_sector_l = postcode_sector_r",
        ),
        Level(
            "district",
            "postcode district same",
            lambda a, b: a.postcode_district is not None and a.postcode_district == b.postcode_district,
            "postcode_district_l = postcode_district_r",
        ),
        _else("postcode differs (people move)"),
    ),
)

GENDER = Comparison(
    "gender",
    "gender",
    "gender",
    *_either_null("gender"),
    # weak by design: agencies record gender differently (and children's change), so m is fixed at a
    # 5 % disagreement among true matches rather than estimated from data that may show none
    levels=(
        Level("exact", "gender same", lambda a, b: a.gender == b.gender, "gender_l = gender_r", fixed_m=0.95),
        Level("else", "gender differs", lambda a, b: True, "ELSE", fixed_m=0.05),
    ),
)

COMPARISONS: tuple[Comparison, ...] = (GIVEN, FAMILY, DOB, HOME, GENDER)
