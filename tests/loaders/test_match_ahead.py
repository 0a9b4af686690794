"""Reading the next batch's blocks from the graph while this batch is resolved (loaders/match/ahead.py):
the engine and the load work at the same time, and what the load decides does not change."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from bench.matching_speed import index_rows, population, split
from graph import Settings, open_store
from graph.errors import GraphUnavailable
from loaders.match.ahead import OneAhead
from loaders.match.graph_index import GraphRecords
from loaders.match.model import default_model
from loaders.resolve import PersonIndex

TODAY = date(2026, 11, 1)
BATCH = 100


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """A graph holding the match index of 600 generated people, and 300 of their records held out."""
    folder = tmp_path_factory.mktemp("ahead")
    records, truth = population(600, folder / "people")
    extract, rest = split(records, 300)
    with open_store(Settings(graph_url=f"embedded://{folder}/graph.db")) as store:
        store.schema_install()
        store.write_batches("merge_match_records", index_rows(rest, truth))
        yield store, [(s + "-new", r, i) for (s, r), i in extract]


def batches(extract: list) -> list[list]:
    return [extract[n : n + BATCH] for n in range(0, len(extract), BATCH)]


def resolutions(index: PersonIndex, batch: list) -> list[tuple[str, float, bool]]:
    return [(r.person, round(r.score, 9), r.new) for r in (index.resolve(*x) for x in batch)]


def test_the_next_batch_is_read_from_the_graph_while_this_one_is_resolved(graph, monkeypatch):
    store, extract = graph
    resolving = threading.Event()  # set once the first batch's resolution has begun
    overlapped = []  # per later lookup: did it run while a batch before it was being resolved?
    blocks = GraphRecords.blocks

    def watched(self, keys):
        if self.queries:  # not the first lookup: the load has a batch to resolve meanwhile
            elsewhere = threading.current_thread() is not threading.main_thread()
            overlapped.append(resolving.wait(10) and elsewhere)
        return blocks(self, keys)

    monkeypatch.setattr(GraphRecords, "blocks", watched)
    index = PersonIndex(0.9, 0.25, default_model(), known=GraphRecords(store, lambda s, r: None))
    ahead = OneAhead(index.prepare, lambda batch: (resolving.set(), resolutions(index, batch)))
    for batch in batches(extract):
        ahead.add(batch)
    ahead.finish()
    index.close()
    assert len(overlapped) == len(batches(extract)) - 1 and all(overlapped)


def test_reading_ahead_changes_no_resolution(graph):
    store, extract = graph
    index = PersonIndex(0.9, 0.25, default_model(), known=GraphRecords(store, lambda s, r: None))
    one_at_a_time = []
    for batch in batches(extract):  # each batch read, then resolved, before the next is read
        index.prepare(batch)
        one_at_a_time += resolutions(index, batch)
    index.close()

    index = PersonIndex(0.9, 0.25, default_model(), known=GraphRecords(store, lambda s, r: None))
    ahead_of_time: list = []
    ahead = OneAhead(index.prepare, lambda batch: ahead_of_time.extend(resolutions(index, batch)))
    for batch in batches(extract):
        ahead.add(batch)
    ahead.finish()
    index.close()
    assert sum(not new for _, _, new in one_at_a_time) > 50  # the extract does match the graph's people
    assert ahead_of_time == one_at_a_time


def test_a_lookup_that_failed_on_the_reading_thread_fails_the_resolution_that_needs_it(graph, monkeypatch):
    store, extract = graph

    def down(self, keys):
        raise GraphUnavailable("the graph engine stopped answering")

    monkeypatch.setattr(GraphRecords, "blocks", down)
    index = PersonIndex(0.9, 0.25, default_model(), known=GraphRecords(store, lambda s, r: None))
    index.prepare(extract[:BATCH])  # sent: nothing fails yet
    with pytest.raises(GraphUnavailable, match="stopped answering"):
        index.resolve(*extract[0])
    index.close()
