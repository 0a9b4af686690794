"""How good is matching? Pairwise precision, recall and F1 of the graph against a ground truth, and the
blocking's pairs completeness (true pairs that share a blocking key, so were ever compared) and
reduction ratio (the share of all pairs never compared)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from graph import GraphStore
from loaders.identity import stored_identity
from loaders.match.blocking import blocking_keys, usable
from loaders.match.features import Features, features
from loaders.matching import Identity

RecordKey = tuple[str, str]


class NothingInCommon(ValueError):
    """The ground truth names no record the graph holds: there is nothing to measure."""


@dataclass(frozen=True)
class MatchQuality:
    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    blocked_true_pairs: int | None = None  # true pairs sharing a blocking key
    candidate_pairs: int | None = None  # pairs sharing a blocking key

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

    @property
    def pairs_completeness(self) -> float | None:
        if self.blocked_true_pairs is None:
            return None
        return self.blocked_true_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def reduction_ratio(self) -> float | None:
        if self.candidate_pairs is None:
            return None
        return 1 - self.candidate_pairs / max(self.records * (self.records - 1) / 2, 1)

    def summary(self) -> str:
        text = (
            f"records {self.records:,}; pairs: true {self.true_pairs:,}, merged {self.predicted_pairs:,}, "
            f"correct {self.correct_pairs:,}\nprecision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}"
        )
        if self.pairs_completeness is not None:
            text += f"  pairs completeness {self.pairs_completeness:.4f}"
            text += f"  reduction ratio {self.reduction_ratio:.6f}"
        return text


def pairs(groups: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in groups.values())


def quality(
    predicted: dict[RecordKey, str],
    truth: dict[RecordKey, str],
    identities: dict[RecordKey, Identity] | None = None,
) -> MatchQuality:
    """Records are (source, record id); only records present in both are compared. With the records'
    identities, the blocking's pairs completeness and reduction ratio are measured too."""
    common = predicted.keys() & truth.keys()
    blocked = candidates = None
    if identities is not None:
        blocked, candidates = blocking_counts({k: identities[k] for k in common if k in identities}, truth)
    return MatchQuality(
        records=len(common),
        true_pairs=pairs(Counter(truth[k] for k in common)),
        predicted_pairs=pairs(Counter(predicted[k] for k in common)),
        correct_pairs=pairs(Counter((predicted[k], truth[k]) for k in common)),
        blocked_true_pairs=blocked,
        candidate_pairs=candidates,
    )


def blocking_counts(identities: dict[RecordKey, Identity], truth: dict[RecordKey, str]) -> tuple[int, int]:
    """(true pairs sharing a usable blocking key, all pairs sharing one), as the loader blocks."""
    keys = sorted(identities)
    n = len(keys)
    compared = compared_pairs([features(identities[k]) for k in keys])
    person = [truth[k] for k in keys]
    true_compared = sum(1 for pair in compared if person[pair // n] == person[pair % n])
    return true_compared, len(compared)


def compared_pairs(records: list[Features]) -> set[int]:
    """The pairs of these records sharing a usable blocking key, as the loader blocks: a * n + b for
    the records at positions a < b (n of them)."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, f in enumerate(records):
        for block in set(blocking_keys(f)):
            blocks[block].append(number)
    n = len(records)
    compared: set[int] = set()
    for block, members in blocks.items():
        if usable(block, len(members)):
            compared.update(a * n + b for i, a in enumerate(members) for b in members[i + 1 :])
    return compared


def read_truth(ground_truth: Path) -> dict[RecordKey, str]:
    """Ground truth: a CSV with columns source, record_id, person (the true identity)."""
    with open(ground_truth, encoding="utf-8", newline="") as handle:
        return {(r["source"], r["record_id"]): r["person"] for r in csv.DictReader(handle)}


def evaluate(store: GraphStore, ground_truth: Path) -> MatchQuality:
    truth = read_truth(ground_truth)
    rows = store.read("list_person_records")
    predicted = {(r["source"], r["record_id"]): r["uid"] for r in rows}
    if not predicted.keys() & truth.keys():
        raise NothingInCommon(
            f"{ground_truth} names {len(truth):,} records and the graph holds {len(predicted):,}, but none "
            "is in both (same source id and record id): load the extracts it describes, or check its "
            "source and record_id columns"
        )
    identities = {(r["source"], r["record_id"]): stored_identity(r) for r in rows}
    return quality(predicted, truth, identities)
