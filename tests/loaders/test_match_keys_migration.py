"""A graph written before the blocking keys became MatchKey nodes (index version "features-1 keys-1":
MatchRecords holding their keys as a list, no MatchKey) is re-indexed by the next load that
matches, on each engine, so the records it holds are still found by their keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from loaded_people import sources_of

from graph import GraphStore
from loaders.load import load_paths
from loaders.match.graph_index import VERSION

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


def as_written_before_match_keys(store: GraphStore) -> None:
    store.engine.run("MATCH (k:MatchKey) DETACH DELETE k", {}, write=True)
    store.write_batches("set_source_match_index", [{"uid": "stk-csc", "version": "features-1 keys-1"}])


def test_a_graph_indexed_before_match_keys_still_finds_its_records(fresh_store: GraphStore, tmp_path):
    store = fresh_store
    load_paths(store, [AGENCIES / "1_csc.toml"], tmp_path / "r1", TODAY)
    as_written_before_match_keys(store)

    load_paths(store, [AGENCIES], tmp_path / "r2", TODAY)

    people = sources_of(store, "Jaden")
    assert list(people.values()) == [["man-health", "stk-csc"]], people
    csc = store.read_only_text(
        "MATCH (m:MatchRecord {source: 'stk-csc'}) OPTIONAL MATCH (k:MatchKey)-[:KEYS]->(m) "
        "RETURN m.uid AS m, count(k) AS keys"
    ).rows
    assert csc and all(r["keys"] > 0 for r in csc), csc
    held = store.read_only_text("MATCH (s:Source {uid: 'stk-csc'}) RETURN s.match_index AS v").rows
    assert held[0]["v"] == VERSION
