"""The matcher's index in the graph (MatchRecord, loaders/match/graph_index.py): a graph written
before it, or under another version of the features and keys, is re-indexed before a load matches,
so records loaded earlier are still found by their blocking keys."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from loaded_people import sources_of

from graph import Settings, open_store
from loaders.generate import generate
from loaders.load import load_paths
from loaders.match.blocking import cap_of
from loaders.match.graph_index import VERSION, GraphRecords, match_uid
from loaders.match.review import merge, split

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        yield s


def test_a_source_indexed_under_another_version_is_re_indexed_and_its_people_still_match(store, tmp_path):
    load_paths(store, [AGENCIES / "1_csc.toml"], tmp_path / "r1", TODAY)
    csc = store.read("list_source_person_records", source="stk-csc")
    assert csc, "the CSC extract loaded no person records"
    # as an older version left it: entries whose keys no longer name the record's blocks
    stale = [
        {
            "uid": match_uid("stk-csc", r["record_id"]),
            "person": r["uid"],
            "source": "stk-csc",
            "record_id": r["record_id"],
            "keys": ["old|version"],
            "features": "[]",
            "version": "features-0",
        }
        for r in csc
    ]
    store.write_batches("merge_match_records", stale)
    store.write_batches("set_source_match_index", [{"uid": "stk-csc", "version": "features-0"}])

    load_paths(store, [AGENCIES], tmp_path / "r2", TODAY)

    people = sources_of(store, "Jaden")
    sources = next(iter(people.values()), [])
    assert len(people) == 1 and "stk-csc" in sources and len(sources) == 2, people  # health's joined CSC's
    held = store.read_only_text("MATCH (s:Source {uid: 'stk-csc'}) RETURN s.match_index AS v").rows
    assert held[0]["v"] == VERSION
    keys = store.read_only_text(
        "MATCH (m:MatchRecord {source: 'stk-csc'}) RETURN m.keys AS keys, m.version AS version"
    ).rows
    assert len(keys) == len(csc) and all(
        r["version"] == VERSION and "old|version" not in r["keys"] for r in keys
    )


def index_people(store) -> dict[tuple[str, str], str]:
    rows = store.read_only_text(
        "MATCH (m:MatchRecord) RETURN m.source AS s, m.record_id AS r, m.person AS p"
    ).rows
    return {(r["s"], r["r"]): r["p"] for r in rows}


def record_people(store) -> dict[tuple[str, str], str]:
    return {(r["source"], r["record_id"]): r["uid"] for r in store.read("list_person_records")}


def test_a_reviewers_merge_and_split_move_the_index_entries_with_the_records(store, tmp_path):
    """Else a later load would find a merged-away person in a block and match a record to it."""
    load_paths(store, [AGENCIES], tmp_path / "r1", TODAY)
    assert index_people(store) == record_people(store)
    by_person: dict[str, list[tuple[str, str]]] = {}
    for key, person in sorted(record_people(store).items()):
        by_person.setdefault(person, []).append(key)
    keep, away = sorted(by_person, key=lambda p: (-len(by_person[p]), p))[:2]
    merge(store, keep, away, "same child", "steward")
    assert all(index_people(store)[k] == keep for k in by_person[away])
    assert index_people(store) == record_people(store)
    split(store, keep, [by_person[away][0]], "not the same child after all", "steward")
    assert index_people(store)[by_person[away][0]] != keep
    assert index_people(store) == record_people(store)


def test_a_load_keeps_the_candidates_it_read_out_of_the_collectors_scans_and_hands_them_back(
    store, tmp_path, monkeypatch
):
    """At 1M people the cyclic collector re-scanning a load's candidate records cost 14-25 s of a
    10k-record match (loaders/heap.py): while the load runs they are frozen; a long-running process
    gets them back, and its collector on, once the load is over."""
    load_paths(store, [AGENCIES / "1_csc.toml"], tmp_path / "r1", TODAY)
    seen = []  # per lookup: candidate records read, and how many objects were frozen before it
    blocks = GraphRecords.blocks

    def watched(self, keys):
        frozen = gc.get_freeze_count()
        people, records = blocks(self, keys)
        seen.append((sum(len(r) for r in records.values()), frozen))
        return people, records

    monkeypatch.setattr(GraphRecords, "blocks", watched)
    load_paths(store, [AGENCIES], tmp_path / "r2", TODAY)

    assert sum(read for read, _ in seen) > 0, "the second load read no candidate records from the graph"
    assert len(seen) > 1 and all(frozen > 0 for _, frozen in seen[1:])  # frozen after the first batch
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_load_bounds_the_keys_its_own_records_took_over_their_caps(store, tmp_path):
    """A first load into an empty graph finds every block among its own records, so no lookup of its own
    learnt which keys are over their caps; unless the load writes that down (MatchKey.people_min), the
    next load follows those keys' links to learn it again (at 1M people, 60 % of a lookup's engine time)."""
    generate(400, 3, tmp_path / "people", TODAY)
    load_paths(store, [tmp_path / "people"], tmp_path / "r", TODAY)

    bounded = store.read_only_text(
        "MATCH (k:MatchKey) WHERE k.people_min IS NOT NULL MATCH (k)-[:KEYS]->(m:MatchRecord) "
        "RETURN k.uid AS key, k.people_min AS bound, count(DISTINCT m.person) AS people"
    ).rows
    assert bounded, "the load bounded none of the keys its records took over their caps"
    for row in bounded:
        assert cap_of(tuple(row["key"].split("|")[:1])) < row["bound"] <= row["people"], row
    asked = [tuple(row["key"].split("|")[:-1]) for row in bounded]
    assert set(GraphRecords(store, lambda s, r: None).blocks(asked)[0].values()) == {None}
