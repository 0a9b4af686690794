"""A pair's explanation: its match weight and each comparison's share of it (the waterfall's bars).

Kept apart from the model (loaders/match/model.py) that makes it, so the household model, the
resolver and the stored explanations read it without importing the model.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One comparison's share of a pair's weight: the bar of a waterfall."""

    comparison: str  # e.g. given_name
    label: str  # e.g. given name
    level: str  # e.g. nickname ("null": a side has no value)
    reason: str  # plain words
    weight: float  # log2(m/u), the tf adjustment included
    tf_weight: float = 0.0  # the term-frequency adjustment alone


@dataclass(frozen=True)
class Explanation:
    match_weight: float
    probability: float
    prior_weight: float
    parts: tuple[Part, ...] = ()
    decided_by: str = ""  # "nhs_number" / "upn" when an identifier decided alone
    blocked: bool = False  # two different valid identifiers: never the same person
    caution: str = ""  # why a pair the model would merge is left for review (relatives look alike)

    @property
    def reasons(self) -> str:
        words = [p.reason for p in self.parts if p.level != "null"]
        if self.decided_by:
            name = "NHS number" if self.decided_by == "nhs_number" else "UPN"
            words.insert(0, f"{name} {'differs' if self.blocked else 'same'}")
        if self.caution:
            words.append(self.caution)
        return "; ".join(words) or "nothing to compare"


def probability_of(weight: float) -> float:
    """Match probability from a match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1 + odds)
