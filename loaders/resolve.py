"""Resolve source person records to Person ids with the match model, remembering every record seen.

A new record is scored (loaders/match/model.py) against the records of every person it shares a
blocking key with, including records of its own source (one agency often holds a child twice). The
best person at or above the match threshold (a match probability, from settings) gets the record;
below it, the record makes a new person and the best ones above the possible-match threshold are kept
for review. Reviewers' decisions (loaders/match/review.py) override the model: a pair judged the same
stays together, a pair judged different is never merged, whatever the score.

The index holds the records this load resolved; the records a graph held before the load are asked
for by blocking key (``known``, loaders/match/graph_index.py), a batch of records at a time
(``prepare``), so that a load reads the few blocks its records need, never the whole graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import takewhile
from typing import Protocol

from loaders.heap import kept_for_the_load
from loaders.match.blocking import Key, blocking_keys, cap_of
from loaders.match.explanation import Explanation
from loaders.match.features import Features, features
from loaders.match.holds import TWO_PEOPLE, held_because
from loaders.match.model import MatchModel, default_model, probability_of
from loaders.matching import Identity

MAX_POSSIBLE_MATCHES = 3
EXPLAINED = 8  # candidates explained in full (the rest only weighed): the best and the possible ones
RecordKey = tuple[str, str]  # (source, record id)


@dataclass
class Resolution:
    person: str  # the Person uid this record belongs to
    score: float  # match probability; 1.0 for a new person or a record seen before
    reasons: str
    new: bool
    known: bool = False  # this very record was resolved by an earlier load: keep its score and reasons
    explanation: Explanation | None = None  # why it joined the person (None: new, known or decided)
    matched_record: RecordKey | None = None  # the person's record it was most like
    possible: list[Candidate] = field(default_factory=list)
    model: str = ""  # which match model scored it
    features: Features | None = None  # what it was compared on (the graph keeps it: MatchRecord)
    keys: list[Key] = field(default_factory=list)  # its blocking keys (likewise)


@dataclass(frozen=True)
class Candidate:
    person: str
    explanation: Explanation
    record: RecordKey  # the person's record it was most like
    unborn: bool = False  # that record is of an unborn child: never merged by the model

    @property
    def probability(self) -> float:
        return self.explanation.probability


@dataclass
class Decisions:
    """Reviewers' decisions by source record: pairs confirmed the same, pairs judged different."""

    same: dict[RecordKey, set[RecordKey]] = field(default_factory=lambda: defaultdict(set))
    different: dict[RecordKey, set[RecordKey]] = field(default_factory=lambda: defaultdict(set))
    person_for: dict[RecordKey, str] = field(default_factory=dict)  # the id a merge or split gave it

    def add(self, decision: str, a: RecordKey, b: RecordKey) -> None:
        table = self.same if decision == "same" else self.different if decision == "different" else None
        if table is not None:
            table[a].add(b)
            table[b].add(a)


class KnownRecords(Protocol):
    """The records a graph held before this load, asked for by what a load needs of them."""

    def blocks(self, keys: list[Key]) -> tuple[dict[Key, list[str] | None], dict[str, list]]:
        """Per key, the people holding it (None: more than the key's cap), and every record of those
        people: person -> [(record key, features)]."""
        ...

    def person_of(self, source: str, record_id: str) -> str | None: ...


def stable_id(prefix: str, *parts: str) -> str:
    """Ids derived from source data, so a re-run (or a re-run after a crash) makes the same ids."""
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}"


class PersonIndex:
    """Records' features by person and by blocking key: this load's, and what ``known`` lent."""

    def __init__(
        self,
        match_threshold: float,
        possible_threshold: float,
        model: MatchModel | None = None,
        decisions: Decisions | None = None,
        hold_relatives: bool = True,  # False only to measure what holding relatives costs (bench/matching.py)
        known: KnownRecords | None = None,
    ) -> None:
        self.match_threshold = match_threshold
        self.possible_threshold = possible_threshold
        self.model = model or default_model()
        self.decisions = decisions or Decisions()
        self.hold_relatives = hold_relatives
        self.known = known
        self.by_record: dict[RecordKey, str] = {}
        self.records: dict[str, list[tuple[RecordKey, Features]]] = defaultdict(list)
        self.blocks: dict[Key, dict[str, None]] = defaultdict(dict)  # key -> people (ordered)
        self.oversized: set[Key] = set()  # keys shared by more people than their cap: never used
        # the keys this load's own records took over their caps, and how many people it counted then:
        # written to the graph after the load (LazyIndex.write_bounds), so that no later lookup follows
        # their links to learn it again (at 1M people that was 60 % of a first lookup's engine time)
        self.counted: dict[Key, int] = {}
        self.fetched: set[Key] = set()  # keys whose people `known` has told
        self._prepared: dict[RecordKey, tuple[Features, list[Key]]] = {}

    def add(
        self,
        person: str,
        source: str,
        record_id: str,
        identity: Identity | Features,
        keys: list[Key] | None = None,
    ) -> None:
        f = identity if isinstance(identity, Features) else features(identity)
        self._remember(person, (source, record_id), f)
        for block in keys if keys is not None else blocking_keys(f):
            self._block(block, person)

    def _remember(self, person: str, key: RecordKey, f: Features) -> None:
        self.by_record[key] = person
        self.records[person].append((key, f))

    def _block(self, block: Key, person: str) -> None:
        if block in self.oversized:
            return
        bucket = self.blocks[block]
        bucket[person] = None
        if len(bucket) > cap_of(block):  # blocks only grow: this one will never be used again
            self.oversized.add(block)
            self.counted[block] = len(bucket)
            del self.blocks[block]

    def person_of(self, source: str, record_id: str) -> str | None:
        found = self.by_record.get((source, record_id))
        if found is None and self.known is not None:
            return self.known.person_of(source, record_id)
        return found

    def prepare(self, records: Iterable[tuple[str, str, Identity]]) -> None:
        """Work out the features and keys of records about to be resolved, and ask ``known`` for the
        blocks they need that it has not told yet, in one go (a query per batch, not per record)."""
        missing: set[Key] = set()
        for source, record_id, identity in records:
            key = (source, record_id)
            if key in self.by_record or key in self._prepared:
                continue
            f = features(identity)
            keys = blocking_keys(f)
            self._prepared[key] = (f, keys)
            missing.update(k for k in keys if k not in self.fetched)
        if missing and self.known is not None:
            with kept_for_the_load():  # the records read are held until the load ends
                self._fetch(sorted(missing))

    def _fetch(self, keys: list[Key]) -> None:
        people, records = self.known.blocks(keys)  # type: ignore[union-attr]
        for person, held in records.items():
            for key, f in held:
                if key not in self.by_record:  # this load's own records are known already
                    self._remember(person, key, f)
        for block in keys:
            self.fetched.add(block)
            found = people.get(block, [])
            if found is None:
                self.oversized.add(block)
                self.blocks.pop(block, None)
            else:
                for person in found:
                    self._block(block, person)

    def resolve(self, source: str, record_id: str, identity: Identity) -> Resolution:
        key = (source, record_id)
        known = self.person_of(source, record_id)
        if known is not None:
            return Resolution(known, 1.0, "record seen before", new=False, known=True)
        if key not in self._prepared:
            self.prepare([(source, record_id, identity)])
        f, keys = self._prepared.pop(key)
        resolution = self._decided(key) or self._scored(key, f, keys)
        resolution.features, resolution.keys = f, keys
        self.add(resolution.person, source, record_id, f, keys)
        return resolution

    def _decided(self, key: RecordKey) -> Resolution | None:
        """A reviewer confirmed this record the same as one already known: it joins that person."""
        for other in sorted(self.decisions.same.get(key, ())):
            person = self.person_of(*other)
            if person is not None:
                reasons = f"confirmed by a reviewer: same person as {other[0]} {other[1]}"
                return Resolution(person, 1.0, reasons, new=False, matched_record=other)
        return None

    def _scored(self, key: RecordKey, f: Features, keys: list[Key]) -> Resolution:
        ranked = sorted(
            self._candidates(key, f, keys),
            key=lambda c: (-c.probability, -c.explanation.match_weight, c.person),
        )
        above = list(takewhile(lambda c: c.probability >= self.match_threshold, ranked))
        cautions = {  # the merges the pairs alone allow (""), or why each is held; blocked pairs left out
            c.person: held_because(
                c.explanation,
                not (f.unborn or c.unborn),  # an unborn child's record, either side: a possible match only
                (self.hold_relatives, c.record[0] == key[0]),  # hold relatives? same source?
                self.model.household,
                self.match_threshold,
            )
            for c in above
            if not c.explanation.blocked
        }
        if self.hold_relatives and sum(not c for c in cautions.values()) > 1:
            for c in above:  # the one field that tells twins apart is missing, and two people fit: which?
                if cautions.get(c.person) == "" and not c.explanation.decided_by and _unnamed(c.explanation):
                    cautions[c.person] = TWO_PEOPLE
        for i, candidate in enumerate(above):
            e, caution = candidate.explanation, cautions.get(candidate.person)
            if caution is None:
                continue  # blocked: two different valid identifiers
            if caution:  # held for review, with the reason in its explanation
                ranked[i] = replace(candidate, explanation=replace(e, caution=caution))
                continue
            return Resolution(
                candidate.person,
                e.probability,
                e.reasons,
                new=False,
                explanation=e,
                matched_record=candidate.record,
                model=self.model.version,
            )
        possible = [
            c for c in ranked if c.probability >= self.possible_threshold or self._blocked_lookalike(c)
        ]
        return Resolution(
            self.decisions.person_for.get(key) or stable_id("p", *key),  # ids survive a rebuild
            1.0,
            f"new person from {key[0]}",
            new=True,
            possible=possible[:MAX_POSSIBLE_MATCHES],
            model=self.model.version,
        )

    def _candidates(self, key: RecordKey, f: Features, keys: list[Key]) -> list[Candidate]:
        """The people sharing a usable key, each scored by their record most like this one; those
        worth a word (a possible match or better) explained, best first."""
        seen: dict[str, None] = {}
        for block in keys:
            bucket = self.blocks.get(block)
            if bucket:
                seen.update(bucket)
        different = self.decisions.different.get(key, set())
        floor = min(self.possible_threshold, self.match_threshold)
        weigh = self.model.weigher(f, floor)
        scored = []
        for person in seen:
            records = self.records[person]
            if different and any(k in different for k, _ in records):
                continue  # a reviewer said this record is not that person
            best = None  # as max() over (same identifier, weight, record key): ties go to the larger key
            for record in records:
                same_id = _same_identifier(f, record[1])
                w = weigh(record[1])
                if w is None and same_id:  # an identifier decides: ranked by its full weight all the same
                    w = self.model.weight(f, record[1])
                if w is not None and (best is None or (same_id, w, record[0]) > best[:3]):
                    best = (same_id, w, record[0], record)
            if best is not None:
                scored.append((best[0], best[1], person, best[3]))
        scored.sort(key=lambda s: (not s[0], -s[1], s[2]))
        out = []
        for _same_id, _w, person, (best_key, best_f) in scored[:EXPLAINED]:
            explanation = self.model.explain(f, best_f)
            if not explanation.decided_by:
                conflict = _identifier_conflict(f, self.records[person])
                if conflict:
                    explanation = _blocked(explanation, conflict)
            out.append(Candidate(person, explanation, best_key, best_f.unborn))
        return out

    def _blocked_lookalike(self, candidate: Candidate) -> bool:
        """Two different valid identifiers on records the model would otherwise merge: a reviewer
        should see it (twins, or a mistyped number that still passes its check digit)."""
        e = candidate.explanation
        return e.blocked and probability_of(e.match_weight) >= self.match_threshold


def _unnamed(e: Explanation) -> bool:
    """The pair's given names could not be compared (one side has none)."""
    return any(p.level == "null" for p in e.parts if p.comparison == "given_name")


def _same_identifier(a: Features, b: Features) -> bool:
    return bool((a.nhs and a.nhs == b.nhs) or (a.upn and a.upn == b.upn))


def _identifier_conflict(f: Features, records: list[tuple[RecordKey, Features]]) -> str:
    """Another of the person's records holds a different valid NHS number (or UPN) than this one."""
    for _, other in records:
        if f.nhs and other.nhs and f.nhs != other.nhs:
            return "nhs_number"
        if f.upn and other.upn and f.upn != other.upn:
            return "upn"
    return ""


def _blocked(e: Explanation, kind: str) -> Explanation:
    return Explanation(e.match_weight, 0.0, e.prior_weight, e.parts, kind, blocked=True)
