"""The people a load already knows: every record resolved to a person, read from the graph lazily."""

from __future__ import annotations

from graph import GraphStore
from loaders.delta import HeldSources
from loaders.identity import RecordIdentity, stored_identity
from loaders.resolve import PersonIndex, Resolution
from loaders.settings import MatchSettings


class LazyIndex:
    """Every record already resolved to a person, read from the graph only when a row needs it: an
    unchanged re-load never reads it, and a re-load whose changed rows are all records seen before
    only reads which person each of those records is (its source's records, not every identity)."""

    def __init__(self, store: GraphStore, held: HeldSources) -> None:
        self.store = store
        self.held = held
        self._index: PersonIndex | None = None

    def resolve(self, source: str, record_id: str, identity: RecordIdentity) -> Resolution:
        known = None if self._index is not None else self.held.persons(source).get(record_id)
        if known:  # as PersonIndex.resolve answers for a record seen before
            return Resolution(known, 1.0, "record seen before", new=False, known=True)
        return self.index.resolve(source, record_id, identity)

    @property
    def index(self) -> PersonIndex:
        if self._index is None:
            # the thresholds come with the store's settings when they hold matching's section
            # (familynet.Settings, as the CLI opens the store); the graph's settings alone: the defaults
            settings = self.store.settings
            match = settings if isinstance(settings, MatchSettings) else MatchSettings()
            self._index = PersonIndex(match.match_threshold, match.possible_match_threshold)
            for row in self.store.read("list_person_records"):
                self._index.add(row["uid"], row["source"], row["record_id"], stored_identity(row))
        return self._index

    def person_of(self, source: str, record_id: str) -> str | None:
        if self._index is None:
            known = self.held.persons(source).get(record_id)
            if known:
                return known
        return self.index.person_of(source, record_id)
