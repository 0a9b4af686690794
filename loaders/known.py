"""The people a load already knows: records resolved before (by record id) and, for a record that
needs matching, the blocks of the graph's index that its keys name (loaders/match/graph_index.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from graph import GraphStore
from loaders.delta import HeldSources
from loaders.identity import RecordIdentity
from loaders.match.graph_index import GraphRecords, reindex
from loaders.match.model import MatchModel
from loaders.match.review import load_model, read_decisions
from loaders.resolve import PersonIndex, Resolution
from loaders.settings import MatchSettings

log = logging.getLogger(__name__)


def match_settings(store: GraphStore) -> MatchSettings:
    """The thresholds and model come with the store's settings when they hold matching's section
    (familynet.Settings, as the CLI opens the store); the graph's settings alone: the defaults."""
    settings = store.settings
    return settings if isinstance(settings, MatchSettings) else MatchSettings()


class LazyIndex:
    """What a load knows of people, read from the graph only as rows need it: an unchanged re-load
    reads nothing; a record seen before is found by its record id (its source's records, read once);
    only a record that needs matching makes the matcher's index ask the graph for the blocks its
    keys name. The match model is read at once, so a model file named but missing stops the load
    before it writes anything; sources indexed under another version are re-indexed (``stale``)
    before the first match."""

    def __init__(
        self,
        store: GraphStore,
        held: HeldSources,
        model: MatchModel | None = None,
        stale: Iterable[str] = (),
    ) -> None:
        self.store = store
        self.held = held
        self.settings = match_settings(store)
        self.model = model or load_model(self.settings)
        self.stale = sorted(stale)
        self.graph: GraphRecords | None = None
        self.reindexed = 0  # writes made re-indexing stale sources (the load counts them)
        self._index: PersonIndex | None = None

    def _held(self, source: str, record_id: str) -> str | None:
        return self.held.persons(source).get(record_id)

    def person_of(self, source: str, record_id: str) -> str | None:
        if self._index is not None:
            return self._index.person_of(source, record_id)
        return self._held(source, record_id)

    def prepare(self, records: list[tuple[str, str, RecordIdentity]]) -> None:
        """Before resolving a batch: the blocks its new records need, in one query."""
        new = [r for r in records if self.person_of(r[0], r[1]) is None]
        if new:
            self.index.prepare(new)

    def resolve(self, source: str, record_id: str, identity: RecordIdentity) -> Resolution:
        known = self.person_of(source, record_id)
        if known:  # as PersonIndex.resolve answers for a record seen before
            return Resolution(known, 1.0, "record seen before", new=False, known=True)
        return self.index.resolve(source, record_id, identity)

    def write_bounds(self) -> int:
        """After the load's people are written: the bounds of the keys its records took over their
        caps (GraphRecords.write_bounds). A load that matched nothing writes none."""
        if self._index is None or self.graph is None:
            return 0
        return self.graph.write_bounds(self._index.counted)

    @property
    def index(self) -> PersonIndex:
        if self._index is None:
            if self.stale:
                log.warning("re-indexing %s for matching (first load of this version)", ", ".join(self.stale))
                self.reindexed = reindex(self.store, self.stale) + len(self.stale)
            self.graph = GraphRecords(self.store, self._held)
            self._index = PersonIndex(
                self.settings.match_threshold,
                self.settings.possible_match_threshold,
                self.model,
                read_decisions(self.store),
                known=self.graph,
            )
        return self._index
