"""Estimate the match model with Splink (DuckDB, in-process) from records' features.

u by random sampling of pairs, m by expectation-maximisation in two sessions (pairs that share a
date of birth, then pairs that share both names: each session estimates the comparisons it did not
block on), and the prior from how many pairs agree exactly on names and date of birth divided by how
many true pairs should (the recall the estimated m probabilities give that rule). Then the household
model from the same records (loaders/match/household.py).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from loaders.match.comparisons import COMPARISONS
from loaders.match.features import FEATURE_COLUMNS, Features, features_row
from loaders.match.household import estimate as estimate_household
from loaders.match.model import MatchModel

log = logging.getLogger(__name__)

U_SAMPLE_PAIRS = 2_000_000
SEED = 7
FLOOR = 1e-6  # a level never seen (m or u estimated as 0) would weigh infinitely: floor it
TF_FEATURES = tuple(sorted({lvl.tf for c in COMPARISONS for lvl in c.levels if lvl.tf}))
EM_SESSIONS = (("dob",), ("given", "family"))
PRIOR_RULE = {"given_name": "exact", "family_name": "exact", "dob": "exact"}


def splink_comparisons() -> list[dict[str, Any]]:
    """The comparisons in Splink's settings format: the same levels, in the same order."""
    out = []
    for comparison in COMPARISONS:
        levels: list[dict[str, Any]] = [
            {"sql_condition": comparison.missing_sql, "label_for_charts": "null", "is_null_level": True}
        ]
        for level in comparison.levels:
            spec: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.name}
            if level.fixed_m is not None:
                spec |= {"m_probability": level.fixed_m, "fix_m_probability": True}
            if level.tf:
                spec |= {"tf_adjustment_column": level.tf, "tf_adjustment_weight": 1.0}
            levels.append(spec)
        out.append({"output_column_name": comparison.name, "comparison_levels": levels})
    return out


def feature_table(records: Iterable[Features], ids: Iterable[str] | None = None) -> pa.Table:
    """Records' features as an Arrow table Splink can read (one row per record, a unique_id each)."""
    rows = [features_row(f) for f in records]
    columns: dict[str, list[Any]] = {name: [r[name] for r in rows] for name in FEATURE_COLUMNS}
    columns["unique_id"] = list(ids) if ids is not None else [str(i) for i in range(len(rows))]
    types = {n: pa.list_(pa.string()) for n in ("given_keys", "family_parts", "family_all")}
    types["dob_days"] = pa.int64()
    return pa.table({n: pa.array(v, type=types.get(n, pa.string())) for n, v in columns.items()})


def settings(
    link_type: str = "dedupe_only", blocking: list[Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "comparisons": splink_comparisons(),
        "blocking_rules_to_generate_predictions": blocking or [],
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": True,
        **extra,
    }


def train(records: list[Features], source: str = "records", sources: list[str] | None = None) -> MatchModel:
    """A new model estimated from these records (the graph's, or extracts not yet loaded); with each
    record's source (``sources``, in the same order), the household prior by kind of pair too."""
    import splink
    from splink import DuckDBAPI, Linker, block_on

    if len(records) < 50:
        raise ValueError(f"{len(records)} records are too few to estimate a match model from")
    logging.getLogger("splink").setLevel(logging.WARNING)  # its progress lines are not ours to print
    api = DuckDBAPI()
    linker = Linker(api.register(feature_table(records)), settings(), validate_settings=False)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    for columns in EM_SESSIONS:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*columns))
    m_u = _parameters(linker.misc.save_model_to_json())
    recall = math.prod(m_u[c][lvl][0] for c, lvl in PRIOR_RULE.items())
    agreeing = _agreeing_pairs(records, ("given", "family", "dob"))
    total = len(records) * (len(records) - 1) / 2
    prior = min(max(agreeing / max(recall, FLOOR) / total, 1 / total), 0.5)
    tf = {feature: _term_frequencies(records, feature) for feature in TF_FEATURES}
    trained = {
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "records": len(records),
        "from": source,
        "splink": splink.__version__,
        "u_sample_pairs": U_SAMPLE_PAIRS,
        "em_sessions": [list(s) for s in EM_SESSIONS],
        "prior_rule": f"{agreeing} pairs agree on {', '.join(PRIOR_RULE)}; recall {recall:.4f}",
        "monotone": "a level below its else level in weight has the else weight",
    }
    household, why_not = estimate_household(records, prior, m_u, sources)
    trained["household"] = why_not or "estimated from these records (see the household section)"
    log.info("trained on %d records: prior %.3g", len(records), prior)
    return MatchModel(prior, m_u, tf, trained, household=household)


def _parameters(saved: dict[str, Any]) -> dict[str, dict[str, tuple[float, float]]]:
    """m and u per level from Splink's saved settings. A level never seen among the pairs Splink
    trained on (no m or no u estimated) carries no evidence (m = u), as does a neutral level; an
    estimate of 0 is floored, so that no level weighs infinitely."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for comparison, spec in zip(COMPARISONS, saved["comparisons"], strict=True):
        levels = [lvl for lvl in spec["comparison_levels"] if not lvl.get("is_null_level")]
        out[comparison.name] = {}
        raw = {
            lvl.name: (_estimate(f.get("m_probability")), _estimate(f.get("u_probability")))
            for lvl, f in zip(comparison.levels, levels, strict=True)
        }
        for level in comparison.levels:
            m, u = raw[level.name]
            if m is None and level.unobserved_as:
                m = sum(raw[n][0] or 0.0 for n in level.unobserved_as)
                u = sum(raw[n][1] or 0.0 for n in level.unobserved_as) or u
            if level.neutral or m is None or u is None:
                m = u = u if u is not None else m if m is not None else FLOOR
            out[comparison.name][level.name] = (max(m, FLOOR), max(u, FLOOR))
        _never_below_else(out[comparison.name])
    return out


def _never_below_else(levels: dict[str, tuple[float, float]]) -> None:
    """Agreeing in part (a nickname, the same postcode district, a DOB within a year) is never weaker
    evidence than not agreeing at all: a level EM put below the "else" level (seen in training only
    among non-matches: a generator that never moves people nearby) gets the else level's weight."""
    m_else, u_else = levels["else"]
    for name, (m, u) in levels.items():
        if m / u < m_else / u_else:
            levels[name] = (min(u * m_else / u_else, 1.0), u)


def _estimate(p: object) -> float | None:
    return float(p) if isinstance(p, int | float) and not math.isnan(p) else None


def _agreeing_pairs(records: list[Features], features: tuple[str, ...]) -> int:
    """Pairs of records equal (and not blank) on every one of these features."""
    groups: dict[tuple[object, ...], int] = {}
    for f in records:
        key = tuple(getattr(f, name) for name in features)
        if None not in key:
            groups[key] = groups.get(key, 0) + 1
    return sum(n * (n - 1) // 2 for n in groups.values())


def _term_frequencies(records: list[Features], feature: str) -> dict[str, float]:
    """Share of records (with a value) holding each value, as Splink computes it."""
    counts: dict[str, int] = {}
    for f in records:
        value = getattr(f, feature)
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    total = sum(counts.values())
    return {value: n / total for value, n in sorted(counts.items())}


def splink_linker(model: MatchModel, table: pa.Table, link_type: str = "dedupe_only") -> Any:
    """A Splink linker holding this model's parameters and term frequencies, over these records:
    what Splink's own predict() would say with the same model (tests and bench compare the two)."""
    from splink import DuckDBAPI, Linker

    spec = settings(link_type, probability_two_random_records_match=model.prior)
    for comparison, out in zip(COMPARISONS, spec["comparisons"], strict=True):
        for level, level_spec in zip(comparison.levels, out["comparison_levels"][1:], strict=True):
            m, u = model.m_u[comparison.name][level.name]
            level_spec |= {"m_probability": m, "u_probability": u}
    api = DuckDBAPI()
    linker = Linker(api.register(table), spec, validate_settings=False)
    for feature, frequencies in model.tf.items():
        lookup = pa.table({feature: list(frequencies), f"tf_{feature}": list(frequencies.values())})
        linker.table_management.register_term_frequency_lookup(api.register(lookup), feature)
    return linker
