"""How a match's explanation is kept on the graph (read back by app/matches/waterfall.py and the API).

Graph properties cannot hold maps on Neo4j, so a match keeps parallel lists, one entry per
comparison, beside its totals: on RECORDED_IN (why a record joined its person) and on
POSSIBLE_MATCH (why two people may be one):

    score                  match probability (0..1)          reasons   plain words
    match_weight           prior_weight + the sum of comparison_weights (log2 odds)
    prior_weight           log2 of the prior odds two records picked at random are one person
    comparison_names       ["given_name", "family_name", "dob", "postcode", "address", "gender"]
    comparison_levels      ["nickname", "exact", "one_off", "null", ...]   ("null": a side had no value)
    comparison_weights     [3.2, 9.1, 4.5, 0.0, ...]   log2 Bayes factors, tf adjustment included
    comparison_tf_weights  [0.0, 1.4, 0.0, ...]        the term-frequency adjustment alone
    decided_by             "nhs_number" / "upn" when an identifier decided alone, else ""
    matched_source, matched_record_id   the record it was compared with
    match_model            which model scored it (its training time)
"""

from __future__ import annotations

from typing import Any

from loaders.match.explanation import Explanation


def match_props(
    explanation: Explanation, matched: tuple[str, str] | None, model_version: str
) -> dict[str, Any]:
    parts = explanation.parts
    return {
        "score": round(explanation.probability, 6),
        "reasons": explanation.reasons,
        "match_weight": round(explanation.match_weight, 6),
        "prior_weight": round(explanation.prior_weight, 6),
        "comparison_names": [p.comparison for p in parts],
        "comparison_levels": [p.level for p in parts],
        "comparison_weights": [round(p.weight, 6) for p in parts],
        "comparison_tf_weights": [round(p.tf_weight, 6) for p in parts],
        "decided_by": explanation.decided_by,
        "matched_source": matched[0] if matched else "",
        "matched_record_id": matched[1] if matched else "",
        "match_model": model_version,
    }


def possible_match_row(
    person: str,
    record: tuple[str, str],
    other: str,
    explanation: Explanation,
    matched: tuple[str, str],
    model_version: str,
) -> dict[str, Any]:
    """The merge_possible_matches row: a new person `person` (made from `record`) may be `other`
    (whose record `matched` it was most like)."""
    return {
        "a": person,
        "b": other,
        "source": record[0],
        "props": match_props(explanation, matched, model_version)
        | {"a_source": record[0], "a_record_id": record[1]},
    }
