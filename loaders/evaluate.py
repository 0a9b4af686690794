"""How good is matching? Pairwise precision, recall and F1 of the graph against a ground truth."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from graph import GraphStore


@dataclass(frozen=True)
class MatchQuality:
    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> str:
        return (
            f"records {self.records:,}; pairs: true {self.true_pairs:,}, merged {self.predicted_pairs:,}, "
            f"correct {self.correct_pairs:,}\nprecision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}"
        )


def pairs(groups: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in groups.values())


def quality(predicted: dict[tuple[str, str], str], truth: dict[tuple[str, str], str]) -> MatchQuality:
    """Records are (source, record id); only records present in both are compared."""
    common = predicted.keys() & truth.keys()
    return MatchQuality(
        records=len(common),
        true_pairs=pairs(Counter(truth[k] for k in common)),
        predicted_pairs=pairs(Counter(predicted[k] for k in common)),
        correct_pairs=pairs(Counter((predicted[k], truth[k]) for k in common)),
    )


def evaluate(store: GraphStore, ground_truth: Path) -> MatchQuality:
    """Ground truth: a CSV with columns source, record_id, person (the true identity)."""
    with open(ground_truth, encoding="utf-8", newline="") as handle:
        truth = {(r["source"], r["record_id"]): r["person"] for r in csv.DictReader(handle)}
    predicted = {(r["source"], r["record_id"]): r["uid"] for r in store.read("list_person_records")}
    return quality(predicted, truth)
