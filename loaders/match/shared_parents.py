"""Parents of one child (or of two siblings) with the same given name and date of birth, proposed as
possible matches.

One agency records a mother under her own family name at one address, another under her partner's at
another (tests/data/family: Kelly Smith, Jaden's mother in Stockport; Kelly Walsh, his brother Tyler's
mother in Manchester).
The match model weighs the different family name and postcode against them, rightly for strangers; the
graph knows more once the family links are in: both are recorded as a parent of the same child or of
two siblings. Such a
pair is proposed for review (never merged), with the model's own explanation and the shared child in
its reasons. A pair already linked, or judged by a reviewer, is left alone.
"""

from __future__ import annotations

from typing import Any

from graph import GraphStore
from loaders.match.features import features
from loaders.match.model import MatchModel
from loaders.match.stored import match_props
from loaders.matching import Identity

DECIDED_BY = "shared_child"


def _identity(person: dict[str, Any]) -> Identity:
    return Identity(
        given=person.get("given_name") or "",
        family=person.get("family_name") or "",
        dob=person.get("dob") or "",
        postcode=person.get("postcode") or "",
        gender=person.get("gender") or "",
        other_names=person.get("other_names") or "",
    )


def propose_shared_parents(store: GraphStore, model: MatchModel) -> int:
    """Write the possible matches; returns how many pairs were proposed."""
    rows = []
    for pair in store.read("list_shared_parent_lookalikes"):
        explanation = model.explain(features(_identity(pair["a"])), features(_identity(pair["b"])))
        props = match_props(explanation, None, model.version)
        # no names in the words: they are shown wherever the link is, initials-only meeting mode too
        whose = "a parent of the same child" if len(pair["children"]) == 1 else "parents of two siblings"
        props["reasons"] = (
            f"same given name and date of birth, both recorded as {whose}; " + explanation.reasons
        )
        props["decided_by"] = DECIDED_BY
        rows.append({"a": pair["a"]["uid"], "b": pair["b"]["uid"], "source": pair["source"], "props": props})
    if rows:
        store.write_batches("merge_possible_matches", rows)
    return len(rows)
