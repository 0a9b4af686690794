"""A load's lookup in the graph's match index (loaders/match/graph_index.py GraphRecords.blocks) is sent
as several queries, two at a time, so the engine answers one while the load parses the other: it reads
the same blocks and records as one query would. A first load, into a graph holding no key, sends none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from loaded_people import sources_of

from bench.matching_speed import index_rows, population, split
from graph import GraphStore, Settings, open_store
from loaders.load import load_paths
from loaders.match import graph_index
from loaders.match.blocking import blocking_keys
from loaders.match.features import features
from loaders.match.graph_index import GraphRecords

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """A graph holding the match index of 600 generated people, and 300 of their records held out."""
    folder = tmp_path_factory.mktemp("lookups")
    records, truth = population(600, folder / "people")
    extract, rest = split(records, 300)
    with open_store(Settings(graph_url=f"embedded://{folder}/graph.db")) as store:
        store.schema_install()
        store.write_batches("merge_match_records", index_rows(rest, truth))
        yield store, [(s + "-new", r, i) for (s, r), i in extract]


def test_a_lookup_split_into_queries_two_at_a_time_reads_the_same_blocks_and_records(graph, monkeypatch):
    store, extract = graph
    keys = sorted({k for _, _, i in extract for k in blocking_keys(features(i))})
    monkeypatch.setattr(graph_index, "CHUNK", 10**9)
    whole = GraphRecords(store, lambda s, r: None).blocks(keys)  # one query for the blocks, one for records
    monkeypatch.setattr(graph_index, "CHUNK", 50)
    chunked = GraphRecords(store, lambda s, r: None)
    assert chunked.blocks(keys) == whole
    assert chunked.queries > len(keys) // 50  # a query per 50 keys and per 50 people: it was split
    assert sum(len(r) for r in whole[1].values()) > 100  # and records were read


def test_a_first_load_asks_the_graph_for_no_blocks_and_still_matches_across_its_files(
    fresh_store: GraphStore, tmp_path, monkeypatch
):
    """Into an empty graph, every key a lookup could find belongs to one of the load's own records,
    which the load holds already; asked, the lookups only took time beside the load's own writes. A later
    load, into a graph holding keys, asks, and its records join the people loaded before."""
    store = fresh_store
    asked: list[str] = []
    read = store.read

    def spy(name, **params):
        asked.append(name)
        return read(name, **params)

    monkeypatch.setattr(store, "read", spy)
    load_paths(store, [AGENCIES / "1_csc.toml", AGENCIES / "4_health.toml"], tmp_path / "r1", TODAY)
    assert "list_match_blocks" not in asked and "list_match_records" not in asked, asked
    assert list(sources_of(store, "Jaden").values()) == [["man-health", "stk-csc"]]  # health's Jayden

    asked.clear()
    load_paths(store, [AGENCIES / "3_police.toml"], tmp_path / "r2", TODAY)
    assert "list_match_blocks" in asked and "list_match_records" in asked, asked
    assert list(sources_of(store, "Kerry").values()) == [["gmp-stk", "stk-csc"]]  # police's Kerri Smyth
