"""A parent recorded by two agencies under two family names and at two addresses (Kelly Smith in
Stockport's social care, Jaden's mother; Kelly Walsh in Manchester's early help, the mother of his
brother Tyler) is proposed as a possible match once the family links show it: never merged,
explained, left alone after a reviewer's decision, and not proposed twice by a re-run."""

from __future__ import annotations

from datetime import date

from family_graph import FAMILY, TODAY, uid_of

from graph import open_store
from loaders.load import load_paths
from loaders.match.review import decide
from loaders.match.shared_parents import DECIDED_BY


def possible(store, a: str, b: str) -> list[dict]:
    return store.read_only_text(
        "MATCH (a:Person {uid: $a})-[m:POSSIBLE_MATCH]-(b:Person {uid: $b}) "
        "RETURN m.reasons AS reasons, m.decided_by AS by, m.decision AS decision, "
        "m.comparison_names AS names",
        {"a": a, "b": b},
    ).rows


def test_the_childs_mother_under_her_partners_surname_is_proposed_for_review(new_graph, tmp_path):
    settings = new_graph()
    with open_store(settings) as store:
        first = load_paths(store, [FAMILY], tmp_path / "r1", date.fromisoformat(TODAY))
        kelly, walsh = uid_of(store, "Kelly", "Smith"), uid_of(store, "Kelly", "Walsh")
        assert kelly != walsh  # kept apart: the model alone weighs them as two people
        [link] = possible(store, kelly, walsh)
        assert link["by"] == DECIDED_BY
        assert (
            "both recorded as parents of two siblings" in link["reasons"] and "Jaden" not in link["reasons"]
        )
        assert "family_name" in link["names"]  # the model's own comparisons, for the waterfall
        assert first.shared_parents == 1
        again = load_paths(store, [FAMILY], tmp_path / "r2", date.fromisoformat(TODAY))
        assert again.shared_parents == 0 and len(possible(store, kelly, walsh)) == 1
        decide(store, kelly, walsh, "different", "two women: checked with the school", "steward")
        load_paths(store, [FAMILY], tmp_path / "r3", date.fromisoformat(TODAY))
        [judged] = possible(store, kelly, walsh)
        assert judged["decision"] == "different"  # kept as judged, not proposed again
