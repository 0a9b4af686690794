"""The people a load already knows: every record resolved to a person, read from the graph lazily."""

from __future__ import annotations

from graph import GraphStore
from loaders.delta import HeldSources
from loaders.identity import RecordIdentity, stored_identity
from loaders.match.model import MatchModel
from loaders.match.review import load_model, read_decisions
from loaders.resolve import PersonIndex, Resolution
from loaders.settings import MatchSettings


def match_settings(store: GraphStore) -> MatchSettings:
    """The thresholds and model come with the store's settings when they hold matching's section
    (familynet.Settings, as the CLI opens the store); the graph's settings alone: the defaults."""
    settings = store.settings
    return settings if isinstance(settings, MatchSettings) else MatchSettings()


class LazyIndex:
    """Every record already resolved to a person, read from the graph only when a row needs it: an
    unchanged re-load never reads it, and a re-load whose changed rows are all records seen before
    only reads which person each of those records is (its source's records, not every identity).
    The match model is read at once, so a model file named but missing stops the load before it
    writes anything."""

    def __init__(self, store: GraphStore, held: HeldSources, model: MatchModel | None = None) -> None:
        self.store = store
        self.held = held
        self.settings = match_settings(store)
        self.model = model or load_model(self.settings)
        self._index: PersonIndex | None = None

    def resolve(self, source: str, record_id: str, identity: RecordIdentity) -> Resolution:
        known = None if self._index is not None else self.held.persons(source).get(record_id)
        if known:  # as PersonIndex.resolve answers for a record seen before
            return Resolution(known, 1.0, "record seen before", new=False, known=True)
        return self.index.resolve(source, record_id, identity)

    @property
    def index(self) -> PersonIndex:
        if self._index is None:
            self._index = PersonIndex(
                self.settings.match_threshold,
                self.settings.possible_match_threshold,
                self.model,
                read_decisions(self.store),
            )
            for row in self.store.read("list_person_records"):
                self._index.add(row["uid"], row["source"], row["record_id"], stored_identity(row))
        return self._index

    def person_of(self, source: str, record_id: str) -> str | None:
        if self._index is None:
            known = self.held.persons(source).get(record_id)
            if known:
                return known
        return self.index.person_of(source, record_id)
