"""The Fellegi-Sunter match model as stored (m and u per level, term frequencies, the prior) and its
scoring: a pair's match weight is the prior's weight plus each comparison's log2 Bayes factor, and
its match probability is 2^w / (1 + 2^w). Same sums as Splink's predict() for the same parameters.

A valid NHS number (or UPN) on both sides decides alone: the same number is the same person, two
different valid numbers are two people, whatever the other fields say.

The file also holds the household model (loaders/match/household.py): how often two records sharing
a family name and a home are one person rather than relatives, estimated from the same records.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from loaders.match.comparisons import COMPARISONS, Comparison
from loaders.match.explanation import Explanation, Part, probability_of
from loaders.match.fast import FAST
from loaders.match.features import Features
from loaders.match.household import HouseholdModel

FORMAT = "familynet-match-model/2"
FORMATS = ("familynet-match-model/1", FORMAT)  # a /1 file has no household model: the relatives rule decides
DEFAULT_MODEL = Path(str(files("loaders.match"))) / "model.json"
# the comparisons in the order a weigher tries them: those that can move the weight most first
FIRST = ("dob", "home", "given_name", "family_name")
WEIGH_ORDER = tuple(
    sorted(
        range(len(COMPARISONS)), key=lambda c: FIRST.index(n) if (n := COMPARISONS[c].name) in FIRST else 9
    )
)


class ModelError(ValueError):
    """The model file is missing, unreadable or does not fit the comparisons in code."""


@dataclass
class MatchModel:
    prior: float  # probability that two records picked at random are the same person
    m_u: dict[str, dict[str, tuple[float, float]]]  # comparison -> level -> (m, u)
    tf: dict[str, dict[str, float]] = field(default_factory=dict)  # feature -> value -> frequency
    trained: dict[str, object] = field(default_factory=dict)  # on what, when, with which Splink
    path: Path | None = None
    household: HouseholdModel | None = None  # None: too few household pairs seen, the relatives rule decides

    def __post_init__(self) -> None:
        if not 0 < self.prior < 1:
            raise ModelError(f"probability_two_random_records_match must be in (0, 1), got {self.prior}")
        self.prior_weight = math.log2(self.prior / (1 - self.prior))
        self._level_of = [FAST.get(c.name, c.level_of) for c in COMPARISONS]
        self._weights: list[list[float]] = []
        self._tf_base: list[list[float | None]] = []  # log2(u) of tf-adjusted levels
        for comparison in COMPARISONS:
            levels = self.m_u.get(comparison.name)
            if levels is None:
                raise ModelError(f"the model has no {comparison.name!r} comparison: re-train it")
            weights, bases = [], []
            for level in comparison.levels:
                if level.name not in levels:
                    raise ModelError(f"{comparison.name}: level {level.name!r} missing: re-train the model")
                m, u = levels[level.name]
                if not (0 < m <= 1 and 0 < u <= 1):
                    raise ModelError(
                        f"{comparison.name}.{level.name}: m and u must be in (0, 1], got {m}, {u}"
                    )
                weights.append(0.0 if level.neutral else math.log2(m / u))
                bases.append(math.log2(u) if level.tf else None)
            self._weights.append(weights)
            self._tf_base.append(bases)
        # weigher()'s plan, worked out once: per comparison in WEIGH_ORDER, its level function, its
        # weights and its term-frequency-adjusted levels (index, log2(u), feature)
        self._weigh_plan = tuple(
            (
                self._level_of[c],
                tuple(self._weights[c]),
                tuple(
                    (i, base, COMPARISONS[c].levels[i].tf or "")
                    for i, base in enumerate(self._tf_base[c])
                    if base is not None
                ),
            )
            for c in WEIGH_ORDER
        )

    # -- scoring -------------------------------------------------------------------------------
    def weight(self, a: Features, b: Features) -> float:
        """The match weight alone (fast: no words), for ranking candidates."""
        total = self.prior_weight
        for c, level_of in enumerate(self._level_of):
            i = level_of(a, b)
            if i >= 0:
                total += self._weights[c][i]
                if self._tf_base[c][i] is not None:
                    total += self._tf_adjustment(c, COMPARISONS[c], i, a, b)
        return total

    def weigher(self, a: Features, floor: float) -> Callable[[Features], float | None]:
        """``weight(a, b)`` for one record `a` against many: the term-frequency adjustments of `a`'s
        own values worked out once, the comparisons in order of how much they can move the weight
        (date of birth and home first), and None as soon as the rest cannot lift the pair to the
        match probability `floor` (those pairs are never used: the answer is the same, sooner)."""
        floor_w = math.log2(floor / (1 - floor)) if 0 < floor < 1 else -math.inf
        tables = []
        for _, weights, tf_levels in self._weigh_plan:
            if tf_levels:
                weights = list(weights)
                for i, base, feature in tf_levels:
                    frequency = self.tf.get(feature, {}).get(getattr(a, feature))
                    weights[i] += base - math.log2(frequency) if frequency is not None else 0.0
            tables.append(weights)
        best = [max(0.0, *t) for t in tables]  # a side without the value adds nothing (null)
        steps = tuple(
            (plan[0], tables[k], floor_w - sum(best[k + 1 :])) for k, plan in enumerate(self._weigh_plan)
        )
        prior = self.prior_weight

        def weigh(b: Features) -> float | None:
            total = prior
            for level_of, table, needed in steps:
                i = level_of(a, b)
                if i >= 0:
                    total += table[i]
                if total < needed:
                    return None
            return total

        return weigh

    def explain(self, a: Features, b: Features) -> Explanation:
        decided = _identifier_decision(a, b)
        parts = []
        total = self.prior_weight
        for c, comparison in enumerate(COMPARISONS):
            i = self._level_of[c](a, b)
            if i < 0:
                parts.append(Part(comparison.name, comparison.label, "null", "", 0.0))
                continue
            tf = self._tf_adjustment(c, comparison, i, a, b)
            weight = self._weights[c][i] + tf
            total += weight
            parts.append(
                Part(
                    comparison.name,
                    comparison.label,
                    comparison.levels[i].name,
                    _reason(comparison, i, a, b),
                    weight,
                    tf,
                )
            )
        probability = probability_of(total)
        if decided:
            kind, same = decided
            probability = 1.0 if same else 0.0
            return Explanation(total, probability, self.prior_weight, tuple(parts), kind, blocked=not same)
        return Explanation(total, probability, self.prior_weight, tuple(parts))

    def _tf_adjustment(self, c: int, comparison: Comparison, i: int, a: Features, b: Features) -> float:
        base = self._tf_base[c][i]
        if base is None:
            return 0.0
        table = self.tf.get(comparison.levels[i].tf or "", {})
        feature = comparison.levels[i].tf or ""
        fa, fb = table.get(getattr(a, feature)), table.get(getattr(b, feature))
        if fa is None and fb is None:
            return 0.0
        return base - math.log2(max(fa if fa is not None else fb, fb if fb is not None else fa))

    # -- file ----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "trained": self.trained,
            "probability_two_random_records_match": self.prior,
            "comparisons": {
                c.name: {
                    level.name: {
                        "m": self.m_u[c.name][level.name][0],
                        "u": self.m_u[c.name][level.name][1],
                        "match_weight": round(self._weights[i][j], 4),
                        "sql": level.sql,
                        **({"tf_adjusted": level.tf} if level.tf else {}),
                    }
                    for j, level in enumerate(c.levels)
                }
                for i, c in enumerate(COMPARISONS)
            },
            "household": self.household.to_json() if self.household else None,
        }

    def save(self, path: Path) -> None:
        """The model as a reviewable JSON file, and its term-frequency tables beside it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        tf_path(path).write_text(json.dumps(self.tf, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path | None = None) -> MatchModel:
        path = path or DEFAULT_MODEL
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            tf = json.loads(tf_path(path).read_text(encoding="utf-8")) if tf_path(path).exists() else {}
        except (OSError, json.JSONDecodeError) as e:
            raise ModelError(f"match model {path}: {e}; run `familynet matching train`") from e
        if doc.get("format") not in FORMATS:
            raise ModelError(f"match model {path}: not a {FORMAT} file")
        try:
            household = HouseholdModel.from_json(doc["household"]) if doc.get("household") else None
        except (KeyError, TypeError, ValueError) as e:
            raise ModelError(f"match model {path}: household model: {e}; re-train the model") from e
        m_u = {
            c: {lvl: (float(v["m"]), float(v["u"])) for lvl, v in levels.items()}
            for c, levels in doc["comparisons"].items()
        }
        prior = float(doc["probability_two_random_records_match"])
        return cls(prior, m_u, tf, doc.get("trained", {}), path, household)

    @property
    def version(self) -> str:
        """Which model scored a pair (kept on every link it explains)."""
        return str(self.trained.get("at", "untrained"))


def tf_path(path: Path) -> Path:
    return path.with_name(path.stem + ".tf.json")


@cache
def default_model() -> MatchModel:
    return MatchModel.load(DEFAULT_MODEL)


def _identifier_decision(a: Features, b: Features) -> tuple[str, bool] | None:
    if a.nhs and b.nhs:
        return "nhs_number", a.nhs == b.nhs
    if a.upn and b.upn:
        return "upn", a.upn == b.upn
    return None


def _reason(comparison: Comparison, i: int, a: Features, b: Features) -> str:
    template = comparison.levels[i].reason
    if "{" not in template:
        return template
    x, y = getattr(a, comparison.feature) or "", getattr(b, comparison.feature) or ""
    jw = _jw_for(x, y) if "{jw" in template else 0.0
    return template.format(a=x.title(), b=y.title(), jw=jw)


def _jw_for(x: str, y: str) -> float:
    import jellyfish

    return jellyfish.jaro_winkler_similarity(x, y)
