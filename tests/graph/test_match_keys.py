"""The matcher's blocking keys (graph/models/identity.py): a load finds the records sharing a key through
an index on each engine, never by reading every MatchRecord, and a record whose keys change is found
by its new keys only."""

from __future__ import annotations

from graph import GraphStore, queries


def entry(uid: str, person: str, keys: list[str]) -> dict:
    return {
        "uid": uid,
        "person": person,
        "source": "s",
        "record_id": uid,
        "keys": keys,
        "features": "[]",
        "version": "v",
    }


def blocks(store: GraphStore, keys: list[str]) -> dict[str, list[str]]:
    return {
        r["key"]: sorted(r["people"])
        for r in store.read("list_match_blocks", keys=[{"uid": k, "cap": 100} for k in keys])
    }


def test_a_key_lookup_finds_the_people_holding_it_and_follows_a_change_of_keys(fresh_store: GraphStore):
    store = fresh_store
    store.write_batches("merge_match_records", [entry("m1", "P1", ["a", "b"]), entry("m2", "P2", ["b"])])
    assert blocks(store, ["a", "b", "nobody"]) == {"a": ["P1"], "b": ["P1", "P2"]}

    store.write_batches("merge_match_records", [entry("m1", "P1", ["b", "c"])])  # its record changed

    assert blocks(store, ["a", "b", "c"]) == {"b": ["P1", "P2"], "c": ["P1"]}


def test_a_key_held_by_more_people_than_its_cap_comes_back_without_its_people(fresh_store: GraphStore):
    """The load does not use such a block: sending its people (up to 100 a key) was two thirds of
    what a batch's lookup sent at 100k people. Counted in people, not records: two records of one
    person count once."""
    store = fresh_store
    store.write_batches(
        "merge_match_records",
        [entry(f"m{n}", f"P{n}", ["big", "small"]) for n in range(4)] + [entry("m9", "P0", ["small"])],
    )
    found = store.read("list_match_blocks", keys=[{"uid": "big", "cap": 3}, {"uid": "small", "cap": 4}])
    assert {r["key"]: r["people"] and sorted(r["people"]) for r in found} == {
        "big": None,
        "small": ["P0", "P1", "P2", "P3"],
    }


def plan_operators(store: GraphStore, graph_engine: str, name: str, params: dict) -> list[str]:
    """The engine's plan for a named query: its operators' names (the test's own look inside)."""
    engine, text = store.engine, queries.get(name).text
    if graph_engine == "embedded":
        return [line.strip().split("|")[0].strip() for line in engine._graph.explain(text, params).plan]
    with engine._driver.session(database=engine.database) as session:
        # a new database's index samples say empty until Neo4j resamples them (in the background,
        # seconds later): planned before then, scanning a "0-entry" index looks cheapest. Resample now,
        # so the plan is the one a graph with these records gets.
        session.run("CALL db.prepareForReplanning(60)").consume()
        plan = session.run("EXPLAIN " + text, params).consume().plan
    found, todo = [], [plan]
    while todo:
        step = todo.pop()
        found.append(step["operatorType"].split("@")[0])
        todo.extend(step.get("children", []))
    return found


def test_blocking_keys_are_looked_up_in_an_index_not_by_a_scan_of_every_record(
    fresh_store: GraphStore, graph_engine: str
):
    """Else each key of a load's batch reads every MatchRecord: on Neo4j, `key IN m.keys` did."""
    store = fresh_store
    store.schema_install()
    store.write_batches(
        "merge_match_records", [entry(f"m{n}", f"P{n}", [f"k{n}", "shared"]) for n in range(50)]
    )
    params = {"keys": [{"uid": "k1", "cap": 100}, {"uid": "shared", "cap": 100}]}
    operators = plan_operators(store, graph_engine, "list_match_blocks", params)
    seeks = {"NodeUniqueIndexSeek", "NodeIndexSeek", "Node By Index Scan"}
    assert seeks & set(operators), str(operators)
    scans = {"NodeByLabelScan", "AllNodesScan", "Node By Label Scan", "All Node Scan"}
    assert not scans & set(operators), operators
