"""The matcher's blocking keys (graph/models/identity.py): a load finds the records sharing a key through
an index on each engine, never by reading every MatchRecord, and a record whose keys change is found
by its new keys only."""

from __future__ import annotations

from pathlib import Path

from familynet import Settings
from graph import GraphStore, open_store, queries
from graph.engines.falkor_schema import INDEX_STATUS
from loaders.match.blocking import cap_of
from loaders.match.graph_index import GraphRecords, key_text


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


def test_a_graph_opened_again_plans_its_first_lookup_on_its_indexes(tmp_path: Path):
    """An engine started on a graph it holds rebuilds the indexes in the background, and a query
    planned before they are built scans the whole label for its whole run: the first match lookup
    of a later load (2,000 keys, a graph of 10k people) took 114 s instead of 0.05 s. Opening the
    store waits for them (FalkorEngine.ensure_graph)."""
    settings = Settings(graph_url=f"embedded://{tmp_path}/g.db")
    with open_store(settings) as store:
        store.schema_install()
        store.engine.run(  # enough keys for their index to take a while to build again
            "UNWIND range(1, 200000) AS n CREATE (:MatchKey {uid: 'k' + toString(n) + '|'})", {}, write=True
        )
    with open_store(settings) as store:  # the last user closed it: a new engine, from the file
        params = {"keys": [{"uid": "k1|", "cap": 100}, {"uid": "k2|", "cap": 100}]}
        operators = plan_operators(store, "embedded", "list_match_blocks", params)
        statuses = [row["status"] for row in store.engine.run(INDEX_STATUS, {}, write=False)]
    assert set(statuses) == {"OPERATIONAL"}, statuses
    assert "Node By Index Scan" in operators and "Node By Label Scan" not in operators, operators


def bound_of(store: GraphStore, key: str) -> int | None:
    rows = store.engine.run(
        "MATCH (k:MatchKey {uid: $uid}) RETURN k.people_min AS n", {"uid": key}, write=False
    )
    return rows[0]["n"] if rows else None


def key_exists(store: GraphStore, key: str) -> bool:
    return bool(store.engine.run("MATCH (k:MatchKey {uid: $uid}) RETURN k.uid", {"uid": key}, write=False))


def graph_records(store: GraphStore) -> GraphRecords:
    return GraphRecords(store, lambda source, record_id: None)


BIG = ("p2", "JO", "SM", "")  # cap_of: a key of this kind may hold CAP people


def test_a_lookup_remembers_how_many_people_hold_a_key_over_its_cap_and_answers_it_from_that(
    fresh_store: GraphStore,
):
    """At 1M people, following the links of keys over their caps was 70 % of the lookup's time, only to
    learn again that they were over. The bound is what the next lookup reads instead: a bound over
    the cap answers over-cap whatever the links say."""
    store = fresh_store
    big, cap = key_text(BIG), cap_of(BIG)
    store.write_batches(
        "merge_match_records", [entry(f"m{n}", f"P{n}", [big, f"own{n}"]) for n in range(cap + 2)]
    )
    assert graph_records(store).blocks([BIG])[0] == {BIG: None}
    assert bound_of(store, big) == cap + 2

    store.write_batches("set_match_key_bounds", [{"uid": "own1", "people": 5, "cleared": 0}])
    found = store.read("list_match_blocks", keys=[{"uid": "own1", "cap": 4}, {"uid": "own2", "cap": 4}])
    assert {r["key"]: r["people"] for r in found} == {"own1": None, "own2": ["P2"]}  # own1: its bound alone


def test_a_bound_only_rises_when_two_loads_write_it(fresh_store: GraphStore):
    store = fresh_store
    store.write_batches("merge_match_records", [entry("m1", "P1", ["k"])])
    store.write_batches("set_match_key_bounds", [{"uid": "k", "people": 9, "cleared": 0}])
    store.write_batches("set_match_key_bounds", [{"uid": "k", "people": 7, "cleared": 0}])
    assert bound_of(store, "k") == 9


def test_a_reviewers_merge_that_brings_a_key_under_its_cap_lets_the_next_lookup_use_it(
    fresh_store: GraphStore,
):
    store = fresh_store
    store.write_batches("merge_match_records", [entry(f"m{n}", f"P{n}", ["k"]) for n in range(4)])
    store.write_batches("set_match_key_bounds", [{"uid": "k", "people": 4, "cleared": 0}])
    assert blocks_capped(store, "k", 3) is None

    # a reviewer merges P3 into P2: the key is now held by three people (P3's record moves to P2)
    recorded(store, 4)
    store.write_batches(
        "move_person_records", [{"from": "P3", "to": "P2", "source": "s", "record_id": "m3", "match": "m3"}]
    )
    assert bound_of(store, "k") is None
    assert blocks_capped(store, "k", 3) == ["P0", "P1", "P2"]


def recorded(store: GraphStore, people: int) -> None:
    """Person, Source and RECORDED_IN for the records m0.. of P0.., as a load would have written them."""
    store.engine.run(
        "UNWIND range(0, $last) AS n MERGE (p:Person {uid: 'P' + toString(n)}) "
        "MERGE (s:Source {uid: 's'}) MERGE (p)-[:RECORDED_IN {record_id: 'm' + toString(n)}]->(s)",
        {"last": people - 1},
        write=True,
    )


def test_a_reviewers_merge_landing_between_a_lookup_and_its_bound_write_leaves_no_stale_bound(
    fresh_store: GraphStore, monkeypatch
):
    """A load counts a key over its cap; before it writes that count down, a reviewer merges two of the
    key's people, so the key is under its cap again. A bound written after the merge would hide the
    key's people from every later load (a missed match) until some other write cleared it."""
    store = fresh_store
    cap = cap_of(BIG)
    big = key_text(BIG)
    store.write_batches("merge_match_records", [entry(f"m{n}", f"P{n}", [big]) for n in range(cap + 1)])
    recorded(store, cap + 1)
    read = store.read

    def read_then_merge(name: str, **params):
        rows = read(name, **params)
        if name == "list_match_blocks":  # the reviewer's merge lands here: P{cap} into P0
            merge = {"from": f"P{cap}", "to": "P0", "source": "s", "record_id": f"m{cap}", "match": f"m{cap}"}
            store.write_batches("move_person_records", [merge])
        return rows

    monkeypatch.setattr(store, "read", read_then_merge)
    assert graph_records(store).blocks([BIG])[0] == {BIG: None}  # counted cap + 1 before the merge
    monkeypatch.setattr(store, "read", read)

    assert bound_of(store, big) is None
    assert len(blocks_capped(store, big, cap) or []) == cap  # the next lookup uses the key


def blocks_capped(store: GraphStore, key: str, cap: int) -> list[str] | None:
    (row,) = store.read("list_match_blocks", keys=[{"uid": key, "cap": cap}])
    return row["people"] and sorted(row["people"])


def test_a_rekeyed_record_clears_the_bound_of_the_key_it_left_and_a_key_nobody_holds_is_deleted(
    fresh_store: GraphStore,
):
    store = fresh_store
    store.write_batches(
        "merge_match_records",
        [entry("m1", "P1", ["shared", "lone"]), entry("m2", "P2", ["shared"]), entry("m3", "P3", ["shared"])],
    )
    store.write_batches(
        "set_match_key_bounds",
        [{"uid": "shared", "people": 3, "cleared": 0}, {"uid": "lone", "people": 1, "cleared": 0}],
    )

    store.write_batches("merge_match_records", [entry("m1", "P1", ["new"])])  # its record changed

    assert bound_of(store, "shared") is None
    assert blocks_capped(store, "shared", 2) == ["P2", "P3"]
    assert not key_exists(store, "lone")
    assert key_exists(store, "new")


def test_a_record_that_now_names_another_person_clears_the_bounds_of_its_keys(fresh_store: GraphStore):
    store = fresh_store
    store.write_batches("merge_match_records", [entry("m1", "P1", ["k"]), entry("m2", "P2", ["k"])])
    store.write_batches("set_match_key_bounds", [{"uid": "k", "people": 2, "cleared": 0}])

    store.write_batches("merge_match_records", [entry("m2", "P1", ["k"])])  # resolved to P1 now

    assert bound_of(store, "k") is None
    assert blocks_capped(store, "k", 1) == ["P1"]


def person_row(person: str, record_id: str, keys: list[str], possible: tuple[str, ...] = ()) -> dict:
    """A merge_people row as a load sends it, with only what this file's tests look at."""
    return {
        "uid": person,
        "source": "s",
        "record_id": record_id,
        "authority": "A",
        "props": {"given_name": "Ann", "family_name": "Lee", "authority": "A"},
        "record": {"extract_date": "2026-11-01", "score": 1.0, "reasons": "new person"},
        "shield": {},
        "match": {"uid": f"m-{record_id}", "keys": keys, "features": "[]", "version": "v"},
        "possible": [{"b": b, "source": "s", "props": {"score": 0.7}} for b in possible],
    }


def test_a_load_rewriting_a_record_with_other_keys_or_another_person_keeps_the_index_true(
    fresh_store: GraphStore,
):
    """merge_people writes the person and its index entry in one query: a record whose keys changed
    is found by its new keys only (a key nobody holds any more is deleted, the bound of one it left is
    cleared), a record now resolved to another person clears the bounds of its keys, and the possible
    matches a row raised are written once each, however many keys its record had."""
    store = fresh_store
    store.write_batches("merge_sources", [{"uid": "s", "authority": "A", "authority_name": "A", "props": {}}])
    store.write_batches(
        "merge_people",
        [person_row("P1", "r1", ["shared", "lone"]), person_row("P2", "r2", ["shared", "k2"])],
    )
    store.write_batches(
        "merge_people", [person_row("P3", "r3", ["shared", "k3", "k4"], possible=("P1", "P2"))]
    )
    store.write_batches(
        "set_match_key_bounds",
        [{"uid": "shared", "people": 3, "cleared": 0}, {"uid": "k2", "people": 1, "cleared": 0}],
    )
    possible = store.engine.run(
        "MATCH (:Person {uid: 'P3'})-[x:POSSIBLE_MATCH]->(b) RETURN b.uid AS b", {}, write=False
    )
    assert sorted(r["b"] for r in possible) == ["P1", "P2"]

    store.write_batches("merge_people", [person_row("P1", "r1", ["new"])])  # its record changed
    assert bound_of(store, "shared") is None
    assert blocks_capped(store, "shared", 2) == ["P2", "P3"]
    assert not key_exists(store, "lone")
    assert blocks_capped(store, "new", 5) == ["P1"]

    store.write_batches("merge_people", [person_row("P3", "r2", ["shared", "k2"])])  # r2 resolved to P3 now
    assert bound_of(store, "k2") is None
    assert blocks_capped(store, "k2", 1) == ["P3"]
