"""The graph engines the suite runs on: every test that talks to the graph runs on embedded FalkorDB and
on a real Neo4j 5 server (``make test`` starts one; see tools/neo4j/ and docs/neo4j.md).

- ``graph_engine`` (module scope, parametrised): "embedded" or "neo4j". A test module is run once per
  engine when any of its tests uses the fixtures below; tests that use none run once.
- ``graphs`` (module scope): the module's engine; ``graphs.new(folder, **settings)`` gives Settings for a
  new, empty graph, ``graphs.shared(request, folder, fill, **settings)`` a store filled once per module.
- ``new_graph(**settings)`` (a factory) and ``fresh_store``: the same per test.

Neo4j Community has one user database, so "a new graph" there is that database emptied of data (the
schema, the same for every test, is kept: dropping it would also drop Neo4j's cached query plans, and
the Neo4j half of the loader tests took 62 s instead of 18 s): tests run one at a time, and a module's
shared graph is filled again before any of its tests that finds another test's graph in the database
(``_shared_graphs_in_place``). Tests of the schema itself start from none (``reset(schema=True)``).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import neo4j
import pytest

from familynet import Settings
from graph import GraphStore, open_store

ENGINES = ("embedded", "neo4j")
NEO4J_URL_VARIABLE = "FAMILYNET_TEST_NEO4J_URL"
HOW_TO_START_NEO4J = (
    f"{NEO4J_URL_VARIABLE} is not set: the graph tests run on Neo4j as well as on the embedded engine. "
    "`make test` starts a local Neo4j itself; to run pytest directly, start one with "
    f'`export {NEO4J_URL_VARIABLE}="$(tools/test-neo4j.sh)"` (or `make neo4j` and set '
    f"{NEO4J_URL_VARIABLE}=bolt://neo4j:PASSWORD@127.0.0.1:PORT)."
)
# 1,000 nodes per inner transaction: 10,000 with their links went past the 256 MiB transaction limit
CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"
_files = itertools.count(1)


@dataclass
class Neo4jServer:
    """The test Neo4j server (from FAMILYNET_TEST_NEO4J_URL) and who holds its one database now."""

    url: str
    user: str
    password: str
    driver: Any = None
    holder: object = None
    resets: list[float] = field(default_factory=list)  # seconds per reset, reported at the end

    @classmethod
    def from_url(cls, value: str) -> Neo4jServer:
        parts = urlsplit(value)
        if parts.scheme not in ("bolt", "neo4j") or not parts.hostname or not parts.port:
            pytest.fail(f"{NEO4J_URL_VARIABLE}={value!r}: expected bolt://USER:PASSWORD@HOST:PORT")
        server = cls(
            f"{parts.scheme}://{parts.hostname}:{parts.port}", parts.username or "neo4j", parts.password or ""
        )
        server.driver = neo4j.GraphDatabase.driver(server.url, auth=(server.user, server.password))
        try:
            server.driver.verify_connectivity()
        except neo4j.exceptions.DriverError as e:
            pytest.fail(
                f"{NEO4J_URL_VARIABLE} names {server.url}, which does not answer ({e}). {HOW_TO_START_NEO4J}"
            )
        return server

    def settings(self, **changes: Any) -> Settings:
        return Settings(graph_url=self.url, neo4j_user=self.user, neo4j_password=self.password, **changes)

    def reset(self, holder: object, schema: bool = False) -> None:
        """Empty the database; with ``schema``, drop its constraints and indexes as well (but Neo4j's
        own token lookups). familynet's schema is kept otherwise: it is the same for every test, and
        dropping it also drops every cached query plan (Neo4j plans a load's query in 0.3-0.8 s here)."""
        started = time.perf_counter()
        with self.driver.session(database="neo4j") as session:
            session.run(CLEAR).consume()
            if schema:
                for record in session.run("SHOW CONSTRAINTS YIELD name"):
                    session.run(f"DROP CONSTRAINT `{record['name']}`").consume()
                for record in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'"):
                    session.run(f"DROP INDEX `{record['name']}`").consume()
        self.holder = holder
        self.resets.append(time.perf_counter() - started)


@pytest.fixture(scope="session")
def neo4j_server(request: pytest.FixtureRequest) -> Iterator[Neo4jServer]:
    value = os.environ.get(NEO4J_URL_VARIABLE, "").strip()
    if not value:
        pytest.fail(HOW_TO_START_NEO4J)  # never a silent skip: the Neo4j half of the suite is not optional
    server = Neo4jServer.from_url(value)
    request.config._familynet_neo4j = server  # for pytest_terminal_summary
    yield server
    server.driver.close()


@dataclass
class Shared:
    """A module's graph that its tests share: filled once, and again if another test emptied Neo4j."""

    store: GraphStore
    fill: Callable[[GraphStore], Any]
    value: Any = None


class Graphs:
    """New graphs on one engine, for one test module."""

    def __init__(self, engine: str, server: Neo4jServer | None) -> None:
        self.engine = engine
        self.server = server
        self.shared_by_fixture: dict[str, Shared] = {}

    def new(self, folder: Path, **changes: Any) -> Settings:
        """Settings for a new, empty graph (on Neo4j: the database emptied now)."""
        if self.server is None:
            return Settings(graph_url=f"embedded://{folder}/g{next(_files)}.db", **changes)
        self.server.reset(holder=object())
        return self.server.settings(**changes)

    def shared(
        self, request: pytest.FixtureRequest, folder: Path, fill: Callable[[GraphStore], Any], **changes: Any
    ) -> tuple[GraphStore, Any]:
        """A store on a new graph filled by ``fill(store)``, for the module fixture that asks; returns
        (store, what fill returned). Close the store when the fixture ends."""
        store = open_store(self.new(folder, **changes))
        shared = Shared(store, fill)
        shared.value = fill(store)
        if self.server is not None:
            self.server.holder = shared
        self.shared_by_fixture[request.fixturename] = shared
        return store, shared.value

    def put_back(self, fixture_names: list[str]) -> None:
        """Before a test: fill Neo4j again with the shared graph it uses, if another test emptied it."""
        if self.server is None:
            return
        for name in fixture_names:
            shared = self.shared_by_fixture.get(name)
            if shared is not None and self.server.holder is not shared:
                self.server.reset(holder=shared)
                shared.fill(shared.store)


def graph_env(settings: Settings) -> dict[str, str]:
    """The FAMILYNET_* variables that point a command (``familynet …``) at the settings' graph."""
    env = {"FAMILYNET_GRAPH_URL": settings.graph_url, "FAMILYNET_GRAPH_NAME": settings.graph_name}
    if settings.engine == "neo4j":
        env["FAMILYNET_NEO4J_USER"] = settings.neo4j_user
        env["FAMILYNET_NEO4J_PASSWORD"] = settings.neo4j_password
        env["FAMILYNET_NEO4J_DATABASE"] = settings.neo4j_database
    return env


@pytest.fixture(scope="module", params=ENGINES)
def graph_engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def graphs(graph_engine: str, request: pytest.FixtureRequest) -> Graphs:
    server = request.getfixturevalue("neo4j_server") if graph_engine == "neo4j" else None
    return Graphs(graph_engine, server)


@pytest.fixture(autouse=True)
def _shared_graphs_in_place(request: pytest.FixtureRequest) -> None:
    if "graphs" in request.fixturenames:
        request.getfixturevalue("graphs").put_back(request.fixturenames)


@pytest.fixture
def new_graph(graphs: Graphs, tmp_path: Path) -> Callable[..., Settings]:
    """``new_graph(**settings)``: Settings for a new, empty graph on the module's engine."""
    return lambda **changes: graphs.new(tmp_path, **changes)


@pytest.fixture
def fresh_store(new_graph: Callable[..., Settings]) -> Iterator[GraphStore]:
    """A store on a new, empty graph, closed after the test."""
    with open_store(new_graph()) as store:
        yield store


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How long emptying Neo4j between tests took (the price of one database for every test)."""
    server = getattr(terminalreporter.config, "_familynet_neo4j", None)
    if server is not None and server.resets:
        total = sum(server.resets)
        terminalreporter.write_line(
            f"neo4j: {len(server.resets)} resets of the test database, {total:.1f} s in all "
            f"({1000 * total / len(server.resets):.0f} ms each)"
        )
