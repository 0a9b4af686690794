"""The graph port on both engines: every named query runs, data round-trips, the schema installs; and
the embedded engine's file is shared safely by several processes, as when the app and a load run together."""

from __future__ import annotations

import json
import multiprocessing
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engines import Graphs
from neomodel import ArrayProperty, FloatProperty, IntegerProperty

from graph import GraphStore, QueryError, Settings, WriteRefused, models, open_store, queries

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.cypher"
WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b", re.IGNORECASE)

# Sample values by parameter name, chosen to hit the fixture graph (tests/data/fixture_graph.cypher).
SAMPLE_PARAMS: dict[str, Any] = {
    "uid": "P3",
    "id": "P3",
    "depth": 2,
    "start": "P1",
    "end": "P3",
    "rel_type": "PARENT_OF",
    "people": ["P1", "P3"],
    "uids": ["P1", "P3"],
    "dob": "2015-03-02",
    "ident": "CSC-1003",
    "keys": ["JNS"],
    "limit": 25,
    "today": "2025-06-01",
    "days": 90,
    "stale_days": 30,
    "min_services": 1,
    "min_authorities": 2,
    "min_score": 0.5,
    "top": 20,
    "source": "northshire-police",
    "prefix": "northshire-csc:",
    "loading": "2025-06-01",
    "ids": ["P1", "P3"],
    "authority": "E06000901",
    "cutoff": "2020-01-01",
    "households": ["H4"],
    "postcodes": ["NS3 9ZZ"],
}
# Where one parameter name means different things in different queries.
PARAM_OVERRIDES: dict[str, dict[str, Any]] = {
    "get_service_details": {"uid": "SV-CSC"},
    "get_person_service_details": {"uid": "P1"},
    "set_source_loading": {"uid": "northshire-csc"},
    "get_involvement_service": {"uid": "I1"},
    "list_household_residents": {"uid": "H1"},
    "list_match_blocks": {
        "keys": [{"uid": "ny|JNS|LL|2015", "cap": 100}, {"uid": "nobody|holds|this", "cap": 12}],
    },
    "list_source_person_records": {"source": "northshire-csc"},
    "list_review_pairs": {"scope": "E06000901", "a": "P7", "b": "P3"},  # one pair, named the other way round
}

CSC_SERVICE = {
    "uid": "SV-CSC",
    "name": "Northshire Children's Social Care",
    "service_type": "social care",
    "agency": "Northshire CSC",
    "authority": "E06000901",
}
# Sample rows for every UNWIND $rows query; each must change the fixture graph.
SAMPLE_ROWS: dict[str, list[dict[str, Any]]] = {
    "merge_sources": [
        {
            "uid": "eastborough-early-help",
            "authority": "E06000902",
            "authority_name": "Eastborough Borough Council",
            "props": {
                "name": "Eastborough Early Help",
                "agency": "Eastborough Early Help",
                "service_type": "early help",
                "authority": "E06000902",
                "extract_date": "2025-05-31",
                "current_as_of": "2025-05-31",
                "coverage_start": "2022-01-01",
                "coverage_end": "2025-05-31",
                "coverage_area": "Eastborough",
                "coverage_note": "early help assessments",
                "records": 1,
            },
        }
    ],
    "merge_people": [
        {
            "uid": "P8",
            "source": "northshire-csc",
            "record_id": "CSC-1005",
            "authority": "E06000901",
            "props": {
                "given_name": "Jade",
                "family_name": "Jones",
                "dob": "2021-01-15",
                "gender": "female",
                "nhs_number": "9434765773",
                "upn": "",
                "postcode": "NS1 2AB",
                "authority": "E06000901",
                "given_key": "JT",
                "family_key": "JNS",
                "other_names": "",
            },
            "record": {
                "extract_date": "2025-05-30",
                "score": 1.0,
                "reasons": "new person",
                "given_name": "Jade",
                "family_name": "Jones",
                "dob": "2021-01-15",
                "postcode": "NS1 2AB",
                "nhs_number": "9434765773",
            },
            "shield": {
                "shielded": "yes",
                "shield_reason": "adoption",
                "shield_review": "2026-06-01",
                "shield_source": "northshire-csc",
            },
            "match": {
                "uid": "M8",
                "keys": ["ny|JNS|JT|2021", "nhs|9434765773"],
                "features": "[]",
                "version": "features-1 keys-2",
            },
            "possible": [
                {
                    "b": "P7",
                    "source": "northshire-csc",
                    "props": {"score": 0.76, "reasons": "same family name"},
                }
            ],
        }
    ],
    "merge_match_records": [
        {
            "uid": "M3",
            "person": "P3",
            "source": "northshire-csc",
            "record_id": "CSC-1003",
            "keys": ["ny|JNS|LL|2015"],
            "features": "[]",
            "version": "features-1 keys-2",
        }
    ],
    "set_source_match_index": [{"uid": "northshire-csc", "version": "features-0"}],
    "merge_plain_people": [
        {
            "uid": "P9",
            "props": {"given_name": "Ava", "family_name": "Brown", "dob": "2023-05-04", "gender": "female"},
        }
    ],
    "create_plain_people": [{"uid": "P-floor"}],
    "create_plain_links": [{"a": "P4", "b": "P7"}],
    "merge_possible_matches": [
        {
            "a": "P4",
            "b": "P7",
            "source": "northshire-police",
            "props": {
                "score": 0.76,
                "reasons": "same family name and postcode",
                "match_weight": 1.66,
                "comparison_names": ["given_name", "family_name"],
                "comparison_levels": ["else", "exact"],
                "comparison_weights": [-3.9, 7.7],
                "a_source": "northshire-police",
                "a_record_id": "POL-9",
            },
        }
    ],
    "merge_match_decisions": [
        {
            "uid": "MD2",
            "props": {
                "decision": "unsure",
                "kind": "review",
                "reason": "ask the school",
                "decided_by": "steward1",
                "decided_at": "2025-06-01T10:00:00Z",
                "a_person": "P3",
                "b_person": "P7",
                "a_records": ["northshire-csc\x1fCSC-1003"],
                "b_records": ["northshire-police\x1fPOL-2203"],
            },
        }
    ],
    "set_possible_match_decisions": [{"a": "P3", "b": "P7", "decision": "unsure"}],
    "merge_person_redirects": [
        {
            "uid": "P-gone",
            "to": "P2",
            "merged_at": "2025-06-01T10:00:00Z",
            "merged_by": "steward1",
            "reason": "same person",
        }
    ],
    "set_person_identity": [
        {"uid": "P9", "props": {"given_name": "Tom", "family_name": "Jones", "authorities": ["E06000901"]}}
    ],
    "set_match_key_bounds": [{"uid": "p2|JO|SM|", "people": 200, "cleared": 0}],  # no later write clears it
    "move_person_records": [
        {"from": "P7", "to": "P9", "source": "northshire-police", "record_id": "POL-2203", "match": "M7"}
    ],
    "move_involvements": [{"from": "P3", "to": "P9", "source": "northshire-csc", "record_id": "CSC-1003"}],
    "drop_person_link_sources": [
        {"person": "P1", "type": "LIVES_AT", "other": "H1", "sources": ["eastborough-housing"]}
    ],
    "delete_merged_people": [
        {
            "uid": "P9",
            "to": "P3",
            "merged_at": "2025-06-01T10:00:00Z",
            "merged_by": "steward1",
            "reason": "same person",
        }
    ],
    "merge_household_nodes": [
        {
            "uid": "H3",
            "props": {
                "address": "7 Station Road, Northtown",
                "postcode": "NS3 9ZZ",
                "authority": "E06000901",
            },
            "shield": {},
        }
    ],
    "merge_households": [
        {
            "person": "P6",
            "uid": "H2",
            "source": "northshire-police",
            "props": {"since": "2019-03-01", "until": "", "current": "yes", "as_of": "2025-05-20"},
        }
    ],
    "merge_services": [
        {
            "uid": "SV-EH",
            "props": {
                "name": "Northtown Early Help",
                "service_type": "early_help",
                "agency": "Northshire",
                "authority": "E06000901",
            },
        }
    ],
    "merge_parent_of": [
        {
            "a": "P2",
            "b": "P4",
            "source": "northshire-csc",
            "props": {"detail": "father", "since": "2018-07-21"},
        }
    ],
    "merge_sibling_of": [
        {
            "a": "P1",
            "b": "P6",
            "source": "northshire-police",
            "props": {"detail": "half-sibling", "since": ""},
        }
    ],
    "merge_partner_of": [
        {
            "a": "P2",
            "b": "P6",
            "source": "northshire-police",
            "props": {"detail": "partner", "since": "2025-01-01"},
        }
    ],
    "merge_ex_partner_of": [
        {
            "a": "P1",
            "b": "P2",
            "source": "eastborough-housing",
            "props": {"detail": "separated", "until": "2025-02-01"},
        }
    ],
    "merge_carer_of": [
        {
            "a": "P5",
            "b": "P4",
            "source": "northshire-csc",
            "props": {"detail": "kinship carer", "since": "2024-09-01"},
        }
    ],
    "merge_involvements": [
        {
            "uid": "I4",
            "person": "P4",
            "source": "northshire-csc",
            "record_id": "CSC-1004",
            "extract_date": "2025-05-30",
            "service": CSC_SERVICE["uid"],
            "props": {
                "status": "current",
                "team": "Northtown Child Protection",
                "start": "2024-06-10",
                "end": "",
                "last_contact": "2025-05-28",
                "reason": "child protection plan (neglect)",
                "source": "northshire-csc",
                "extract_date": "2025-05-30",
            },
        }
    ],
    "merge_practitioners": [
        {
            "involvement": "I3",
            "uid": "PR3",
            "extract_date": "2025-05-01",
            "props": {
                "name": "Priya Shah",
                "role": "Housing officer",
                "team": "Housing Options",
                "phone": "01632 960789",
                "email": "priya.shah@eastborough.example.org",
            },
        }
    ],
    "merge_facts": [
        {
            "uid": "F2",
            "involvement": "I2",
            "source": "northshire-police",
            "record_id": "POL-2201",
            "extract_date": "2025-05-20",
            "props": {
                "kind": "area",
                "label": "Police area",
                "value": "Northtown",
                "date": "",
                "detail": "",
                "source": "northshire-police",
                "extract_date": "2025-05-20",
            },
        }
    ],
    "merge_pending_links": [
        {
            "uid": "PL2",
            "props": {
                "source": "eastborough-housing",
                "person_source": "northshire-csc",
                "waiting": ["CSC-1010"],
                "hash": "eastborough-housing:0c0c0c",
                "extract_date": "2025-04-30",
                "rows": "[]",
            },
        }
    ],
    "mark_person_records_no_longer_held": [
        {"uid": "P10", "source": "northshire-police", "record_id": "POL-2204", "since": "2025-06-01"}
    ],
    "mark_involvements_no_longer_held": [
        {"uid": "I3", "source": "eastborough-housing", "since": "2025-06-01"}
    ],
    "delete_pending_links": [{"uid": "PL1"}],
    "merge_source_quality": [
        {
            "uid": "northshire-police",
            "extract_date": "2025-05-20",
            "props": {
                "dob_values": 3,
                "dob_main_format": "%d-%m-%Y",
                "dob_in_main_format": 3,
                "refresh_days": 7,
            },
        }
    ],
    # the analysts' projection writes (into a projection graph in the app; any graph here)
    "create_projected_nodes": [{"label": "Person", "props": {"uid": "P-projected", "given_name": "Pat"}}],
    "create_projected_links": [
        {"kind": "Person-CARER_OF-Person", "start": "P1", "end": "P3", "props": {"sources": ["projected"]}}
    ],
    "set_sources_loaded": [
        {
            "uid": "northshire-police",
            "files": ['{"digest": "aa", "file": "police.toml", "quarantined": 0, "read": 2}'],
        }
    ],
}


def embedded(path: Path) -> Settings:
    return Settings(graph_url=f"embedded://{path}/g.db")


def load_fixture(store: GraphStore) -> None:
    store.engine.run(FIXTURE.read_text(encoding="utf-8"), {}, write=True)


def content(store: GraphStore) -> str:
    """A fingerprint of everything in the graph (nodes, relationships, properties)."""
    rows = store.read("list_graph_content")
    return json.dumps(sorted(json.dumps(r, sort_keys=True) for r in rows))


@pytest.fixture
def store(fresh_store: GraphStore) -> GraphStore:
    return fresh_store


def install_and_load_fixture(store: GraphStore) -> None:
    store.schema_install()
    load_fixture(store)


@pytest.fixture(scope="module")
def fixture_store(
    graphs: Graphs, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    opened, _ = graphs.shared(request, tmp_path_factory.mktemp("fixture"), install_and_load_fixture)
    yield opened
    opened.close()


def named_queries() -> list[queries.NamedQuery]:
    """Reads first, then writes in the loaders' order, so reads see the fixture as written."""
    found = [q for name, q in queries.all_queries().items() if not name.startswith("analyst/")]
    order = list(SAMPLE_ROWS)
    return sorted(
        found,
        key=lambda q: (
            WRITE_CLAUSE.search(q.text) is not None,
            order.index(q.name) if q.name in order else 0,
        ),
    )


def params_for(query: queries.NamedQuery) -> dict[str, Any]:
    values = {**SAMPLE_PARAMS, **PARAM_OVERRIDES.get(query.name, {})}
    missing = [p for p in query.parameters if p not in values]
    assert not missing, (
        f"cypher/{query.name}.cypher uses ${', $'.join(missing)}: add a sample value to SAMPLE_PARAMS "
        "(or PARAM_OVERRIDES) in tests/graph/test_store.py"
    )
    return {p: values[p] for p in query.parameters}


@pytest.mark.parametrize("query", named_queries(), ids=lambda q: q.name)
def test_every_named_query_runs_on_each_engine(fixture_store: GraphStore, query: queries.NamedQuery) -> None:
    if "rows" in query.parameters:
        assert query.name in SAMPLE_ROWS, (
            f"cypher/{query.name}.cypher takes $rows: "
            "add sample rows for it to SAMPLE_ROWS in tests/graph/test_store.py"
        )
        before = content(fixture_store)
        sent = fixture_store.write_batches(query.name, SAMPLE_ROWS[query.name])
        assert sent == len(SAMPLE_ROWS[query.name])
        assert content(fixture_store) != before, (
            f"{query.name} changed nothing: its MATCHes found no fixture data"
        )
    elif WRITE_CLAUSE.search(query.text):
        before = content(fixture_store)
        fixture_store.write(query.name, **params_for(query))
        assert content(fixture_store) != before, f"{query.name} changed nothing"
    else:
        # on the read-only path, so a query that writes fails here as it would in the app
        rows = fixture_store.read(query.name, **params_for(query))
        assert rows, f"{query.name} returned no rows from the fixture graph with {params_for(query)}"


def test_the_fixture_covers_every_label_relationship_type_and_property(fixture_store: GraphStore) -> None:
    rows = fixture_store.read("list_graph_content")
    node_keys: dict[str, set[str]] = {}
    rel_keys: dict[str, set[str]] = {}
    for row in rows:
        target = node_keys if row["kind"] == "node" else rel_keys
        for label in row["labels"]:
            target.setdefault(label, set()).update(row["props"])
    assert set(node_keys) >= set(models.labels())
    assert set(rel_keys) >= set(models.relationship_types())
    for model in models.NODE_MODELS:
        declared = set(model.defined_properties(aliases=False, rels=False))
        assert declared <= node_keys[model.__label__], f"fixture lacks {model.__label__} properties"


def sample_value(prop: Any, label: str, name: str) -> Any:
    if isinstance(prop, ArrayProperty):
        return [f"{label}-{name}-1", f"{label}-{name}-2"]
    if isinstance(prop, IntegerProperty):
        return 42
    if isinstance(prop, FloatProperty):
        return 0.875
    return f"{label} {name} é"  # non-ASCII survives too


def key_of(model: type) -> str:
    return "code" if model is models.Authority else "uid"


def test_every_node_label_and_relationship_type_round_trips(store: GraphStore) -> None:
    # Test-only statements built from the schema's own names (labels cannot be parameters).
    expected_nodes = {}
    for model in models.NODE_MODELS:
        label = model.__label__
        props = {
            n: sample_value(p, label, n)
            for n, p in model.defined_properties(aliases=False, rels=False).items()
        }
        store.engine.run(f"CREATE (n:{label}) SET n = $props", {"props": props}, write=True)
        expected_nodes[label] = props
    expected_rels = {}
    for model in models.NODE_MODELS:
        for rel in model.defined_properties(aliases=False, properties=False).values():
            target = getattr(models, rel._raw_class) if isinstance(rel._raw_class, str) else rel._raw_class
            rel_type = rel.definition["relation_type"]
            rel_model = rel.definition["model"]
            props = {
                n: sample_value(p, rel_type, n)
                for n, p in rel_model.defined_properties(aliases=False, rels=False).items()
            }
            start = expected_nodes[model.__label__][key_of(model)]
            end = expected_nodes[target.__label__][key_of(target)]
            a_pattern = f"(a:{model.__label__} {{{key_of(model)}: $a}})"
            b_pattern = f"(b:{target.__label__} {{{key_of(target)}: $b}})"
            store.engine.run(
                f"MATCH {a_pattern}, {b_pattern} CREATE (a)-[r:{rel_type}]->(b) SET r = $props",
                {"a": start, "b": end, "props": props},
                write=True,
            )
            expected_rels[(rel_type, start, end)] = props

    rows = store.read("list_graph_content")
    nodes = {row["labels"][0]: row["props"] for row in rows if row["kind"] == "node"}
    rels = {
        (row["labels"][0], row["start"], row["end"]): row["props"]
        for row in rows
        if row["kind"] == "relationship"
    }
    assert nodes == expected_nodes
    assert rels == expected_rels
    assert len(rels) == len(expected_rels)


def test_schema_install_is_idempotent_and_enforces_unique_ids(store: GraphStore) -> None:
    first = store.schema_install()
    store.schema_install()  # a second install (every `familynet schema`) must not fail
    assert any("Person" in line and "uid" in line for line in first)
    rows = SAMPLE_ROWS["merge_sources"]
    store.write_batches("merge_sources", rows)
    with pytest.raises(QueryError, match="unique"):
        store.engine.run("CREATE (:Source {uid: $uid})", {"uid": rows[0]["uid"]}, write=True)


def test_health_reports_the_engine_and_counts_by_label(store: GraphStore, graph_engine: str) -> None:
    load_fixture(store)
    health = store.health()
    assert health.ok and health.engine == graph_engine
    assert health.counts == {
        "Authority": 2,
        "Fact": 2,
        "Household": 3,
        "Involvement": 4,
        "MatchDecision": 1,
        "MatchKey": 3,
        "MatchRecord": 2,
        "Person": 9,
        "PendingLink": 1,
        "PersonRedirect": 1,
        "Practitioner": 2,
        "Service": 3,
        "Source": 3,
    }


def test_a_new_empty_graph_is_healthy_and_reads_return_nothing(store: GraphStore) -> None:
    health = store.health()
    assert health.ok, health.detail
    assert health.counts == {}
    assert store.read("list_sources") == []


def test_write_batches_sends_every_row_in_batches(store: GraphStore) -> None:
    batches: list[int] = []
    prepare = store.engine.prepare

    def counting_prepare(cypher: str, params: dict[str, Any]) -> Any:
        batches.append(len(params["rows"]))
        return prepare(cypher, params)

    store.engine.prepare = counting_prepare  # type: ignore[method-assign]
    template = SAMPLE_ROWS["merge_sources"][0]
    rows = [{**template, "uid": f"source-{i}"} for i in range(7)]
    assert store.write_batches("merge_sources", rows, batch_size=3) == 7
    assert store.write_batches("merge_sources", iter(rows[:2])) == 2  # any iterable; settings' batch size
    assert batches == [3, 3, 1, 2]
    store.engine.prepare = prepare  # type: ignore[method-assign]
    assert sorted(s["source"]["uid"] for s in store.read("list_sources")) == sorted(
        f"source-{i}" for i in range(7)
    )


def test_reads_go_on_the_read_only_path_and_cannot_write(store: GraphStore) -> None:
    with pytest.raises(WriteRefused):
        store.read("merge_sources", rows=SAMPLE_ROWS["merge_sources"])
    with pytest.raises(WriteRefused):
        store.read_only_text("CREATE (:Person {uid: 'X'})")
    assert store.read("list_sources") == []


def test_the_graph_file_survives_close_and_reopen(tmp_path: Path) -> None:
    first = open_store(embedded(tmp_path))
    try:
        load_fixture(first)
        before = content(first)
    finally:
        first.close()
    second = open_store(embedded(tmp_path))
    try:
        assert content(second) == before
    finally:
        second.close()


def _write_one_source(settings: Settings, uid: str, barrier: Any) -> None:
    """Runs in a fresh process: open the shared file at the same moment as the others, write, close."""
    barrier.wait(timeout=60)
    store = open_store(settings)
    try:
        row = {**SAMPLE_ROWS["merge_sources"][0], "uid": uid}
        store.write_batches("merge_sources", [row])
    finally:
        store.close()


def test_processes_started_together_on_one_file_share_one_graph(tmp_path: Path) -> None:
    settings = embedded(tmp_path)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    workers = [
        context.Process(target=_write_one_source, args=(settings, f"source-{i}", barrier)) for i in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    with open_store(settings) as store:
        uids = sorted(s["source"]["uid"] for s in store.read("list_sources"))
    assert uids == [f"source-{i}" for i in range(4)], "writes from processes started together were lost"
