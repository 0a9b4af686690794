"""The analysts' projection (app/analyst/projection.py): the saved questions answer on it, it follows the
graph when the graph changes, and it holds one authority's people as the disclosure rules show them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from analyst_graph import TODAY, build_sample_graph

from app.analyst import projection
from app.analyst.running import parameter_defaults
from familynet import Settings
from governance.users import User
from graph import GraphStore, open_store, queries
from rules import load_rules

ANALYST = User("ana", "analyst", "STK")


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[tuple[Settings, GraphStore]]:
    settings = Settings(
        graph_url=f"embedded://{tmp_path}/g.db",
        audit_url=f"sqlite:///{tmp_path}/a.db",
        today=TODAY.isoformat(),
    )
    store = open_store(settings)
    build_sample_graph(store)
    yield settings, store
    store.close()


def names(store: GraphStore) -> set[str]:
    return {r["name"] for r in store.read_only_text("MATCH (p:Person) RETURN p.given_name AS name").rows}


def test_every_saved_question_answers_on_a_projection(sample) -> None:
    settings, main = sample
    with projection.scoped(settings, main, load_rules(), TODAY, ANALYST) as (store, built):
        assert built is not None and store.settings.graph_name == "analyst_stk"
        for query in queries.analyst_library():
            store.read_only_text(query.text, parameter_defaults(query, TODAY))  # no error on the projection
        review = queries.get("analyst/list_possible_matches_awaiting_review")
        matches = store.read_only_text(review.text, parameter_defaults(review, TODAY))
        assert [(r["person_name"], r["candidate_name"]) for r in matches.rows] == [("Amy Cole", "Aimee Cole")]
        assert names(store) == {"Amy", "Ben", "Cal", "Dana", "Aimee"}  # Eve and Fay: Manchester only
    assert "Eve" in names(main)  # the main graph is untouched


def test_the_projection_follows_the_graph_and_is_built_only_when_it_changed(sample) -> None:
    settings, main = sample
    rules = load_rules()
    with projection.scoped(settings, main, rules, TODAY, ANALYST) as (store, built):
        assert built is not None and "Gus" not in names(store)
    with projection.scoped(settings, main, rules, TODAY, ANALYST) as (store, built):
        assert built is None  # nothing changed: the same projection, not built again
    main.engine.run("CREATE (:Person {uid: 'gus', given_name: 'Gus', authorities: ['STK']})", {}, write=True)
    with projection.scoped(settings, main, rules, TODAY, ANALYST) as (store, built):
        assert built is not None and "Gus" in names(store)
    other = User("mo", "analyst", "MAN", contacts_granted=True)
    with projection.scoped(settings, main, rules, TODAY, other) as (store, _):
        assert store.settings.graph_name == "analyst_man_contacts" and names(store) == {"Amy", "Eve", "Fay"}


class OneGraph:
    """The real embedded engine, but holding one graph only, as Neo4j Community does (no second
    database): ``sibling`` is None, so the projection must go to the data folder's embedded file."""

    def __init__(self, engine: object) -> None:
        self.engine = engine

    def sibling(self, graph_name: str, empty: bool = False) -> None:
        return None

    def __getattr__(self, name: str) -> object:
        return getattr(self.engine, name)


def test_on_an_engine_with_one_graph_the_projection_is_an_embedded_file_in_the_data_folder(
    sample, tmp_path: Path
) -> None:
    settings, main = sample
    neo4j_like = GraphStore(OneGraph(main.engine), main.settings.with_(graph_url="bolt://127.0.0.1:7687"))
    with projection.scoped(settings, neo4j_like, load_rules(), TODAY, ANALYST) as (store, _):
        assert store.settings.graph_url == f"embedded://{tmp_path}/{projection.HOST_FILE}"
        assert names(store) == {"Amy", "Ben", "Cal", "Dana", "Aimee"}
