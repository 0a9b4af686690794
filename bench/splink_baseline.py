"""The baseline of bench/matching.py: Splink as its documentation sets it up for people (its own
name, date-of-birth and postcode comparisons, term frequencies on names), trained and run in this
process on the same records and fields familynet loaded, its pairs clustered at a threshold.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from loaders.matching import Identity


@dataclass(frozen=True)
class Row:
    uid: str  # "source\x1frecord id"
    given: str | None
    family: str | None
    dob: str | None  # ISO date or the source's text
    postcode: str | None


BLOCKING = (("given", "family"), ("dob",), ("postcode",), ("family", "dob_year"), ("given", "dob_year"))


def clusters(rows: list[Row], thresholds: list[float], seed: int = 7) -> dict[float, dict[str, str]]:
    """Splink's clusters at each match-probability threshold: record uid -> cluster id."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    table = pa.table(
        {
            "unique_id": [r.uid for r in rows],
            "given": [r.given or None for r in rows],
            "family": [r.family or None for r in rows],
            "dob": [r.dob or None for r in rows],
            "dob_year": [(r.dob or "")[:4] or None for r in rows],
            "postcode": [r.postcode or None for r in rows],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given"),
            cl.NameComparison("family"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=[block_on(*cols) for cols in BLOCKING],
        retain_intermediate_calculation_columns=False,
    )
    api = DuckDBAPI()
    linker = Linker(api.register(table), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "family"))
    predictions = linker.inference.predict(threshold_match_probability=min(thresholds))
    out = {}
    for threshold in thresholds:
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        out[threshold] = {r["unique_id"]: str(r["cluster_id"]) for r in clustered.as_record_list()}
    return out


def record_clusters(
    records: Iterable[tuple[tuple[str, str], Identity]], thresholds: list[float]
) -> dict[float, dict[tuple[str, str], str]]:
    """Splink's clusters of these (source, record id) and identity pairs, on the fields familynet
    compares: (source, record id) -> cluster id, at each threshold."""
    rows = [
        Row(
            "\x1f".join(k), i.given or None, i.family or None, i.dob or i.dob_text or None, i.postcode or None
        )
        for k, i in records
    ]
    return {
        t: {tuple(uid.split("\x1f", 1)): cid for uid, cid in found.items()}  # type: ignore[misc]
        for t, found in clusters(rows, thresholds).items()
    }
