"""The Neo4j adapter on a real Neo4j 5 server (the one ``make test`` starts): URLs, the configured
database, values coming back, failures that read as familynet errors, the schema neomodel installs and
the index wait. What holds on both engines (every named query, reads on the read-only path, batches,
health) is in test_store.py, which runs on each engine.

One case a single server cannot show, a cluster's routing table that cannot be had, uses a stand-in
driver (``RoutingFailure``), the only one left."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import neo4j.exceptions
import pytest
from conftest import free_port
from engines import Neo4jServer

from graph import GraphStore, GraphUnavailable, QueryError, Settings, models, open_store
from graph.engines.neo4j import Neo4jEngine
from graph.errors import ConfigurationError


@pytest.fixture
def store(neo4j_server: Neo4jServer) -> Iterator[GraphStore]:
    neo4j_server.reset(holder=object(), schema=True)  # the schema tests install it from nothing
    with open_store(neo4j_server.settings()) as opened:
        yield opened


SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties"
SHOW_INDEXES = (
    "SHOW INDEXES YIELD type, labelsOrTypes, properties, state, owningConstraint "
    "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL"
)


def schema(server: Neo4jServer) -> dict[str, set[tuple]]:
    """The server's constraints and indexes (but those that back a constraint): (type, label or
    relationship type, properties) and, for indexes, their state."""
    with server.driver.session(database="neo4j") as session:
        constraints = {
            (r["type"], r["labelsOrTypes"][0], tuple(r["properties"])) for r in session.run(SHOW_CONSTRAINTS)
        }
        indexes = {
            (r["type"], r["labelsOrTypes"][0], tuple(r["properties"]), r["state"])
            for r in session.run(SHOW_INDEXES)
        }
    return {"constraints": constraints, "indexes": indexes}


@pytest.mark.parametrize(
    "url", ["neo4j://localhost:7687", "neo4j+s://abc123.databases.example.org", "bolt://10.0.0.5:7687"]
)
def test_neo4j_and_bolt_urls_open_the_neo4j_engine_without_connecting(url: str) -> None:
    store = open_store(Settings(graph_url=url, neo4j_database="families", neo4j_password="pw"))
    try:
        assert isinstance(store.engine, Neo4jEngine)
        assert store.engine.name == "neo4j"
        assert store.engine.database == "families"
    finally:
        store.close()


def test_an_unknown_scheme_never_reaches_a_driver() -> None:
    with pytest.raises(ConfigurationError, match="unknown scheme"):
        open_store(Settings(graph_url="neo5j://localhost:7687"))


def test_a_routing_url_as_for_a_cluster_or_aura_works_against_one_server(neo4j_server: Neo4jServer) -> None:
    neo4j_server.reset(holder=object())
    settings = neo4j_server.settings().with_(graph_url=neo4j_server.url.replace("bolt://", "neo4j://"))
    with open_store(settings) as store:
        store.engine.run("CREATE (:Person {uid: 'p1'})", {}, write=True)
        assert store.health().counts == {"Person": 1}


def test_a_database_that_does_not_exist_is_named_in_the_error(neo4j_server: Neo4jServer) -> None:
    with open_store(neo4j_server.settings(neo4j_database="families")) as store:
        with pytest.raises(QueryError, match="families"):
            store.read("count_nodes_by_label")
        assert store.health().ok is False


def test_dates_and_nested_values_come_back_as_plain_values(store: GraphStore) -> None:
    rows = store.read_only_text(
        "RETURN date('2015-03-02') AS dob, [date('2001-01-09')] AS dates, {d: date('2020-02-29')} AS m"
    ).rows
    assert rows == [{"dob": "2015-03-02", "dates": ["2001-01-09"], "m": {"d": "2020-02-29"}}]


def test_nodes_and_relationships_come_back_as_dicts_with_ids(store: GraphStore) -> None:
    store.engine.run(
        "CREATE (:Person {uid: 'a'})-[:PARENT_OF {sources: ['s']}]->(:Person {uid: 'b'})", {}, write=True
    )
    [row] = store.read_only_text("MATCH (a)-[r]->(b) RETURN a, r, b").rows
    assert (row["a"]["_type"], row["a"]["_labels"], row["a"]["uid"]) == ("node", ["Person"], "a")
    assert (row["r"]["_rel_type"], row["r"]["sources"]) == ("PARENT_OF", ["s"])
    assert (row["r"]["_start"], row["r"]["_end"]) == (row["a"]["_id"], row["b"]["_id"])


def test_the_settings_supply_the_default_row_limit(neo4j_server: Neo4jServer) -> None:
    with open_store(neo4j_server.settings(query_row_limit=2)) as store:
        answer = store.read_only_text("UNWIND range(0, 2) AS n RETURN n")
    assert answer.rows == [{"n": 0}, {"n": 1}] and answer.truncated is True


@pytest.mark.parametrize(
    ("description", "change", "message"),
    [
        ("nothing listening", {"graph_url": f"bolt://127.0.0.1:{free_port()}"}, "not reachable"),
        ("wrong password", {"neo4j_password": "not-the-password"}, "not reachable"),
    ],
)
def test_an_unreachable_server_shows_in_health_and_reads_fail_clearly(
    neo4j_server: Neo4jServer, description: str, change: dict[str, Any], message: str
) -> None:
    with open_store(neo4j_server.settings().with_(**change)) as store:
        health = store.health()
        assert (health.ok, health.engine) == (False, "neo4j"), description
        assert message in health.detail
        with pytest.raises(GraphUnavailable, match=message):
            store.read("count_nodes_by_label")


def test_a_syntax_error_is_a_query_error_with_the_engines_words(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="Invalid input 'RETRUN'"):
        store.engine.run("MATCH (n) RETRUN n", {}, write=False)


def test_a_closed_store_says_so(neo4j_server: Neo4jServer) -> None:
    store = open_store(neo4j_server.settings())
    store.close()
    with pytest.raises(GraphUnavailable, match="closed"):
        store.read("count_nodes_by_label")


def test_schema_installs_neomodels_constraints_and_indexes_for_every_model(
    store: GraphStore, neo4j_server: Neo4jServer
) -> None:
    lines = store.schema_install()
    installed = schema(neo4j_server)
    expected = {
        ("UNIQUENESS", label, (prop,)) for label, prop, unique in models.indexed_properties() if unique
    }
    assert installed["constraints"] == expected
    wanted = {(label, (prop,)) for label, prop, unique in models.indexed_properties() if not unique}
    wanted |= {(rel_type, (prop,)) for rel_type, prop in models.indexed_relationship_properties()}
    assert {(label, props) for _, label, props, _ in installed["indexes"]} == wanted
    assert {state for *_, state in installed["indexes"]} == {"ONLINE"}
    assert len(lines) == len(installed["constraints"]) + len(installed["indexes"])
    assert "constraint constraint_unique_Person_uid: UNIQUENESS on Person(uid)" in lines
    assert store.schema_install() == lines  # a second install changes nothing and does not fail


def test_schema_install_waits_until_new_indexes_are_online(
    store: GraphStore, neo4j_server: Neo4jServer
) -> None:
    """A load right after ``familynet schema`` on a large graph would otherwise scan whole labels."""
    with neo4j_server.driver.session(database="neo4j") as session:  # more than one transaction may hold
        session.run(
            "UNWIND range(1, 200000) AS i CALL (i) { CREATE (:Person {uid: 'p-' + toString(i), "
            "dob: '2015-01-01'}) } IN TRANSACTIONS OF 50000 ROWS"
        ).consume()
    store.schema_install()
    states = {state for *_, state in schema(neo4j_server)["indexes"]}
    assert states == {"ONLINE"}, states


class RoutingFailure:
    """A driver whose every session fails as a cluster does when no router answers with a routing
    table: a single server cannot be made to do that."""

    def session(self, **config: Any) -> Any:
        raise neo4j.exceptions.RoutingServiceUnavailable("Unable to retrieve routing information")

    def verify_connectivity(self) -> None:
        raise neo4j.exceptions.RoutingServiceUnavailable("Unable to retrieve routing information")

    def close(self) -> None:
        pass


def test_a_cluster_without_a_routing_table_reads_as_unavailable() -> None:
    settings = Settings(graph_url="neo4j://cluster.example.org:7687", neo4j_password="pw")
    store = GraphStore(Neo4jEngine(settings, driver=RoutingFailure()), settings)
    with pytest.raises(GraphUnavailable, match="not reachable"):
        store.read("count_nodes_by_label")
    assert store.health().ok is False


def test_a_refused_password_does_not_make_the_server_look_down(neo4j_server: Neo4jServer) -> None:
    """A server that did not answer fails calls at once for a few seconds; a wrong password must not."""
    with open_store(neo4j_server.settings().with_(neo4j_password="not-the-password")) as wrong:
        assert wrong.health().ok is False
    with open_store(neo4j_server.settings()) as right:
        assert right.read("count_nodes_by_label") is not None  # a call, before any ping could clear it
