"""Blocking keys as the loader writes them (key_text) are safe to store on each engine."""

from __future__ import annotations

from graph import GraphStore
from loaders.match.graph_index import key_text


def test_a_key_ending_in_white_space_is_stored_and_found(fresh_store: GraphStore):
    """A date of birth kept as text ("NOT KNOWN") gives the year "NOT "; FalkorDB 4.22's server
    died on a MERGE of such a key (a uniquely indexed string ending in white space)."""
    fresh_store.schema_install()  # the unique index on MatchKey.uid is what the server fell over in
    key = key_text(("ny", "KT", "L", "NOT "))
    row = {"uid": "m1", "person": "P1", "source": "s", "record_id": "r1", "keys": [key]}
    fresh_store.write_batches("merge_match_records", [row | {"features": "[]", "version": "v"}])
    found = fresh_store.read("list_match_blocks", keys=[{"uid": key, "cap": 100}])
    assert [{"key": r["key"], "people": r["people"]} for r in found] == [{"key": key, "people": ["P1"]}]
