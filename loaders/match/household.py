"""The household model: how often two records that share a family name and a home are one person.

The match model counts a shared family name and a shared home as two independent pieces of evidence,
but relatives (twins, siblings, a son named after his father) share both. Whether such a pair is one
person or two relatives is a fact about the data, not a rule: in a benchmark of typing noise nearly
every pair sharing a surname and a postcode is a duplicate; in real families many are brothers and
sisters. So ``familynet matching train`` estimates it over the pairs of records that agree on family
name and postcode (the household block): the share of those pairs that are the same person (the
household prior, counted from the match model: see ``estimate``) and, by expectation-maximisation,
how often relatives agree on given name, date of birth and gender (u among household pairs). The m
probabilities are the match model's own: a typist does not know who lives with whom, so a true
pair's given name and date of birth are kept or garbled alike in a household and out of one.

At load time a pair the match model would merge that agrees on family name and home is merged only
when the household posterior (that prior times the given-name, date-of-birth and gender Bayes factors
among household pairs) also reaches the match threshold; otherwise it is held for review with the
plain-words caution the hand-written rule gave. When too few household pairs were seen to estimate
this (a small or household-free extract), the hand-written rule decides instead. Those decisions,
and the other holds, are in loaders/match/holds.py.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

from loaders.match.comparisons import COMPARISONS, Comparison
from loaders.match.explanation import probability_of
from loaders.match.features import Features

FORMAT = "familynet-household-model/1"
COMPARED = ("given_name", "dob", "gender")  # what tells one person from a relative within a household
HOME_AGREES = ("address", "address_similar", "postcode", "postcode_other_address")
FAMILY_AGREES = ("exact", "part", "other_name", "jw92")
DOB_CLOSE = ("exact", "swapped", "one_off")
MIN_PAIRS = 30  # fewer household pairs than this: too few to estimate from, the relatives rule decides
PSEUDO_PAIRS = MIN_PAIRS  # relatives' u starts from strangers' u, worth this many pairs
MAX_BLOCK = 60  # a family name and postcode shared by more records (a care home, a hostel) is not a home
# near misses (a typo, a nickname, a swapped day and month) tell of typing, not of kinship: relatives
# meet them as often as any two people do, so their u is the match model's; EM estimates the rest
BY_CHANCE = {
    "given_name": ("nickname", "swapped", "jw92", "jw80"),
    "dob": ("swapped", "one_off", "year_month"),
    "gender": (),
}
FLOOR = 1e-6
ITERATIONS = 500
Levels = tuple[int, ...]  # a pair's level index per COMPARED comparison (-1: a side has no value)
SHARED_HOME = "same family name and home: relatives?"
SAME_SOURCE, ACROSS_SOURCES = "same_source", "across_sources"
GIVEN_CLOSE = ("exact", "nickname", "swapped", "jw92")  # with DOB_CLOSE: as one person's records agree


@dataclass(frozen=True)
class HouseholdModel:
    prior: float  # share of household pairs that are one person
    m_u: dict[str, dict[str, tuple[float, float]]]  # comparison -> level -> (m, u) among household pairs
    trained: dict[str, object] = field(default_factory=dict)
    # the share by kind of pair (SAME_SOURCE / ACROSS_SOURCES), for pairs without given names to compare
    by_sources: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 < self.prior < 1:
            raise ValueError(f"the household prior must be in (0, 1), got {self.prior}")
        for kind, share in self.by_sources.items():
            if kind not in (SAME_SOURCE, ACROSS_SOURCES) or not 0 < share < 1:
                raise ValueError(f"household prior {kind!r} must be in (0, 1), got {share}")
        for comparison in _comparisons():
            for level in comparison.levels:
                m, u = self.m_u.get(comparison.name, {}).get(level.name, (0.0, 0.0))
                if not (0 < m <= 1 and 0 < u <= 1):
                    raise ValueError(
                        f"household {comparison.name}.{level.name}: m and u must be in (0, 1], got {m}, {u}"
                    )

    def posterior(self, levels: dict[str, str], same_source: bool | None = None) -> float:
        """The probability that a household pair with these comparison levels is one person.

        Where the given names cannot be compared (one side has none), nothing but the date of birth
        and gender tells one person from a relative (twins share a date of birth), so the prior is
        that of the pair's own kind, when known: two records one source registered at one home (in
        generated families: twins and siblings, never one child twice; in a deduplication extract,
        mostly one person entered twice) or records of two sources (mostly the same person). With
        both given names, the given name carries that evidence and the pooled prior serves."""
        prior = self.prior
        if same_source is not None and levels.get("given_name", "null") == "null":
            prior = self.by_sources.get(SAME_SOURCE if same_source else ACROSS_SOURCES, prior)
        log_odds = math.log2(prior / (1 - prior))
        for name in COMPARED:
            level = levels.get(name, "null")
            if level != "null":
                m, u = self.m_u[name][level]
                log_odds += math.log2(m / u)
        return probability_of(log_odds)

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "trained": self.trained,
            "probability_household_pair_is_one_person": self.prior,
            "probability_by_sources": self.by_sources,
            "comparisons": {
                c: {
                    lvl: {"m": m, "u": u, "match_weight": round(math.log2(m / u), 4)}
                    for lvl, (m, u) in ls.items()
                }
                for c, ls in self.m_u.items()
            },
        }

    @classmethod
    def from_json(cls, doc: dict) -> HouseholdModel:  # type: ignore[type-arg]
        if doc.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} section")
        m_u = {
            c: {lvl: (float(v["m"]), float(v["u"])) for lvl, v in levels.items()}
            for c, levels in doc["comparisons"].items()
        }
        by_sources = {k: float(v) for k, v in (doc.get("probability_by_sources") or {}).items()}
        prior = float(doc["probability_household_pair_is_one_person"])
        return cls(prior, m_u, dict(doc.get("trained", {})), by_sources)


def _comparisons() -> list[Comparison]:
    return [c for c in COMPARISONS if c.name in COMPARED]


def household_pairs(records: Iterable[Features], sources: Iterable[str] | None = None) -> Counter[Levels]:
    """Pairs of records agreeing on family name and postcode, counted by their given-name,
    date-of-birth and gender levels."""
    return _household_pairs(records, sources)[0]


def _household_pairs(
    records: Iterable[Features], sources: Iterable[str] | None = None
) -> tuple[Counter[Levels], Counter[tuple[str, bool]]]:
    """The household pairs by level, and by kind (SAME_SOURCE / ACROSS_SOURCES) and whether they agree
    on given name and date of birth as one person's records do (known only with the records' sources)."""
    blocks: dict[tuple[str, str], list[tuple[Features, str | None]]] = defaultdict(list)
    for f, source in zip(records, sources if sources is not None else repeat(None), strict=False):
        if f.family and f.postcode:
            blocks[(f.family, f.postcode)].append((f, source))
    comparisons = _comparisons()
    close = [
        [lvl.name in (GIVEN_CLOSE if c.name == "given_name" else DOB_CLOSE) for lvl in c.levels]
        for c in comparisons
    ]
    counts: Counter[Levels] = Counter()
    kinds: Counter[tuple[str, bool]] = Counter()
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for i, (a, source_a) in enumerate(members):
            for b, source_b in members[i + 1 :]:
                levels = tuple(c.level_of(a, b) for c in comparisons)
                counts[levels] += 1
                if source_a is not None:
                    agree = all(levels[n] >= 0 and close[n][levels[n]] for n in (0, 1))
                    kinds[(SAME_SOURCE if source_a == source_b else ACROSS_SOURCES, agree)] += 1
    return counts, kinds


def _by_sources(kinds: Counter[tuple[str, bool]], share: float) -> dict[str, float]:
    """The household prior by kind of pair: the pooled share scaled by how often each kind's pairs
    agree on given name and date of birth as one person's records do, against all pairs (so the
    pairs' average stays the pooled share; with one kind only, its share is the pooled one)."""
    agreeing = sum(n for (_, agree), n in kinds.items() if agree)
    total = sum(kinds.values())
    if not agreeing:
        return {}
    out = {}
    for kind in (SAME_SOURCE, ACROSS_SOURCES):
        pairs = kinds[(kind, True)] + kinds[(kind, False)]
        if pairs:
            scaled = share * (kinds[(kind, True)] / pairs) / (agreeing / total)
            out[kind] = min(max(scaled, FLOOR), pairs / (pairs + 1))
    return out


def estimate(
    records: list[Features],
    prior: float,
    m_u: dict[str, dict[str, tuple[float, float]]],
    sources: list[str] | None = None,
) -> tuple[HouseholdModel | None, str]:
    """The household model from these records and the match model's prior and
    m and u, or None and why not.

    The household prior is counted, not fitted: the match model says how many true pairs the records
    hold (its prior times all pairs) and how often a true pair keeps its family name and its home (m);
    their product is how many household pairs should be one person, and the household pairs seen are
    the rest plus relatives. (EM cannot tell this share itself: where nearly every household pair is
    one person, "all the same person" and "all relatives who agree as duplicates do" fit alike.) Then u
    among household pairs by EM with that prior and the match model's m held. With the records'
    sources, the prior also by kind of pair (``_by_sources``), for pairs without given names."""
    counts, kinds = _household_pairs(records, sources)
    total = sum(counts.values())
    if total < MIN_PAIRS:
        return None, f"{total} household pairs (fewer than {MIN_PAIRS}): the relatives rule decides"
    n = len(records)
    keep_home = 1 - sum(m_u["home"][level][0] for level in ("sector", "district", "else"))
    expected = prior * n * (n - 1) / 2 * m_u["family_name"]["exact"][0] * keep_home
    share = min(max(expected / total, FLOOR), total / (total + 1))  # never all: a home may hold relatives
    comparisons = _comparisons()
    m = [[m_u[c.name][lvl.name][0] for lvl in c.levels] for c in comparisons]
    # u starts from each level's share among household pairs; near misses stay at strangers' rate
    fixed = [[lvl.name in BY_CHANCE[cmp.name] for lvl in cmp.levels] for cmp in comparisons]
    strangers = [[m_u[cmp.name][lvl.name][1] for lvl in cmp.levels] for cmp in comparisons]
    u = [
        _share(counts, dict.fromkeys(counts, 0.0), c, fixed[c], strangers[c], strangers[c])
        for c in range(len(comparisons))
    ]
    iteration = 0
    while iteration < ITERATIONS:
        iteration += 1
        weights = {levels: _p_match(levels, m, u, share) for levels in counts}
        before = u
        u = [
            _at_least_chance(cmp, _share(counts, weights, c, fixed[c], u[c], strangers[c]), strangers[c])
            for c, cmp in enumerate(comparisons)
        ]
        if max(abs(x - y) for a, b in zip(u, before, strict=True) for x, y in zip(a, b, strict=True)) < 1e-9:
            break
    trained = {
        "pairs": total,
        "block": f"records agreeing on family name and postcode (blocks of at most {MAX_BLOCK} records)",
        "prior": (
            f"{expected:.0f} true pairs expected among them (match prior x all pairs x m of family name "
            f"exact x m of home agreeing) of {total}"
        ),
        "estimated": (
            f"u by EM among household pairs ({iteration} iterations), but near misses' u and all m the "
            "match model's"
        ),
    }
    levels = {
        c.name: {lvl.name: (m[i][j], u[i][j]) for j, lvl in enumerate(c.levels)}
        for i, c in enumerate(comparisons)
    }
    by_sources = _by_sources(kinds, share)
    if by_sources:
        seen = ", ".join(f"{k} {kinds[k, True]} of {kinds[k, True] + kinds[k, False]}" for k in by_sources)
        trained["by_sources"] = f"the prior scaled by each kind's share agreeing on given name, DOB ({seen})"
    return HouseholdModel(share, levels, trained, by_sources), ""


def _p_match(levels: Levels, m: list[list[float]], u: list[list[float]], prior: float) -> float:
    pm, pu = prior, 1 - prior
    for c, i in enumerate(levels):
        if i >= 0:
            pm *= m[c][i]
            pu *= u[c][i]
    return pm / (pm + pu)


def _share(
    counts: Counter[Levels],
    weights: dict[Levels, float],
    c: int,
    fixed: list[bool],
    u: list[float],
    strangers: list[float],
) -> list[float]:
    """u of each level of comparison c: the fixed levels kept, the others shared out in proportion to
    the pairs EM holds to be two people at each, plus PSEUDO_PAIRS pairs agreeing as strangers do (a
    prior: where few household pairs are relatives, as in an extract of typing noise, EM would
    otherwise explain some of one person's garbled records as relatives, or all relatives as
    duplicates; where thousands are, the data decide)."""
    free_strangers = sum(x for x, f in zip(strangers, fixed, strict=True) if not f) or 1.0
    totals = [0.0 if f else PSEUDO_PAIRS * x / free_strangers for x, f in zip(strangers, fixed, strict=True)]
    for levels, n in counts.items():
        if levels[c] >= 0 and not fixed[levels[c]]:
            totals[levels[c]] += n * (1 - weights[levels])
    free = 1 - sum(x for x, f in zip(u, fixed, strict=True) if f)
    whole = sum(totals) or 1.0
    return [x if f else max(free * t / whole, FLOOR) for x, t, f in zip(u, totals, fixed, strict=True)]


def _at_least_chance(comparison: Comparison, u: list[float], strangers: list[float]) -> list[float]:
    """Relatives agree exactly (a given name, a date of birth) at least as often as strangers do: an
    exact level's u is never below the match model's (EM would otherwise explain a father and the son
    named after him as one person whose date of birth was garbled, and lose every namesake)."""
    out = list(u)
    for i, level in enumerate(comparison.levels):
        if level.name == "exact":
            out[i] = max(out[i], strangers[i])
    return out
