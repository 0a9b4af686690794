"""Resolve source person records to Person ids, remembering every record seen (in memory, per load)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from loaders.matching import Identity, blocking_keys, score

MAX_POSSIBLE_MATCHES = 3


@dataclass
class Resolution:
    person: str  # the Person uid this record belongs to
    score: float  # 1.0 for a new person or a record seen before
    reasons: str
    new: bool
    known: bool = False  # this very record was resolved by an earlier load: keep its score and reasons
    possible: list[tuple[str, float, str]] = field(default_factory=list)  # (uid, score, reasons)


def stable_id(prefix: str, *parts: str) -> str:
    """Ids derived from source data, so a re-run (or a re-run after a crash) makes the same ids."""
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}"


class PersonIndex:
    """Every known record identity, by person and by blocking key."""

    def __init__(self, match_threshold: float, possible_threshold: float) -> None:
        self.match_threshold = match_threshold
        self.possible_threshold = possible_threshold
        self.by_record: dict[tuple[str, str], str] = {}
        self.identities: dict[str, list[Identity]] = defaultdict(list)
        self.sources: dict[str, set[str]] = defaultdict(set)
        self.blocks: dict[tuple[str, ...], list[str]] = defaultdict(list)

    def add(self, person: str, source: str, record_id: str, identity: Identity) -> None:
        self.by_record[(source, record_id)] = person
        self.identities[person].append(identity)
        self.sources[person].add(source)
        for key in blocking_keys(identity):
            bucket = self.blocks[key]
            if person not in bucket:
                bucket.append(person)

    def person_of(self, source: str, record_id: str) -> str | None:
        return self.by_record.get((source, record_id))

    def resolve(self, source: str, record_id: str, identity: Identity) -> Resolution:
        known = self.by_record.get((source, record_id))
        if known is not None:
            return Resolution(known, 1.0, "record seen before", new=False, known=True)
        scored = []
        for person in self._candidates(identity):
            if source in self.sources[person]:
                continue  # a source never holds one person twice under different ids
            best = max((score(identity, other) for other in self.identities[person]), key=lambda s: s[0])
            scored.append((best[0], person, best[1]))
        scored.sort(key=lambda s: (-s[0], s[1]))
        # hook (loaders/identity.py): an unnamed or unborn record is only ever a possible match
        if scored and scored[0][0] >= self.match_threshold and getattr(identity, "may_merge", True):
            top_score, person, reasons = scored[0]
            resolution = Resolution(person, top_score, reasons, new=False)
        else:
            possible = [(p, s, r) for s, p, r in scored if s >= self.possible_threshold]
            resolution = Resolution(
                stable_id("p", source, record_id),
                1.0,
                f"new person from {source}",
                new=True,
                possible=possible[:MAX_POSSIBLE_MATCHES],
            )
        self.add(resolution.person, source, record_id, identity)
        return resolution

    def _candidates(self, identity: Identity) -> list[str]:
        seen: dict[str, None] = {}
        for key in blocking_keys(identity):
            for person in self.blocks.get(key, ()):
                seen.setdefault(person)
        return list(seen)
