"""The saved analyst queries (cypher/analyst/) answer their questions on a small hand-made graph.

The graph is tests/analyst_graph.py's, which the other analyst and CLI tests use too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from analyst_graph import TODAY, build_sample_graph

from app.analyst.running import parameter_defaults
from graph import GraphStore, open_store, queries


@pytest.fixture
def sample_store(new_graph) -> Iterator[GraphStore]:  # noqa: ANN001
    store = open_store(new_graph(today=TODAY.isoformat()))
    build_sample_graph(store)
    yield store
    store.close()


def run_saved(store: GraphStore, name: str, **overrides: object) -> list[dict]:
    query = queries.get(f"analyst/{name}")
    result = store.read_only_text(query.text, {**parameter_defaults(query, TODAY), **overrides})
    return result.rows


def test_the_library_has_real_questions_each_with_title_description_and_defaults() -> None:
    library = queries.analyst_library()
    assert len(library) >= 6
    for query in library:
        assert query.header.get("title") and query.header.get("description"), query.name
        declared = parameter_defaults(query, TODAY)
        assert set(query.parameters) <= set(declared), f"{query.name}: a parameter has no default"


def test_every_saved_query_runs_on_the_embedded_engine(sample_store: GraphStore) -> None:
    for query in queries.analyst_library():
        result = sample_store.read_only_text(query.text, parameter_defaults(query, TODAY))
        assert result.rows, f"{query.name} found nothing in the sample graph"


def test_children_with_three_services_and_no_contact_in_90_days(sample_store: GraphStore) -> None:
    rows = run_saved(sample_store, "find_children_with_many_services_no_recent_contact")
    # Ben had contact on 1 November; Cal has only two services; the adults are not children.
    assert [r["name"] for r in rows] == ["Amy Cole"]
    assert rows[0]["last_contact"] == "2026-06-01"
    assert rows[0]["child"]["_type"] == "node"
    assert sorted(rows[0]["services"]) == ["Health Visiting", "Stockport CSC", "Stockport Early Help"]
    longer_ago = run_saved(sample_store, "find_children_with_many_services_no_recent_contact", days=200)
    assert longer_ago == []  # Amy's last contact (1 June) is within 200 days


def test_families_known_to_police_and_housing_in_both_authorities(sample_store: GraphStore) -> None:
    rows = run_saved(sample_store, "find_families_known_to_police_and_housing")
    assert [r["address"] for r in rows] == ["1 Mill Lane"]  # 9 Canal St: police in STK, housing in MAN
    assert sorted(rows[0]["authorities"]) == ["MAN", "STK"]
    assert len(rows[0]["people"]) == 5 and len(rows[0]["residences"]) == 5
    one_authority = run_saved(sample_store, "find_families_known_to_police_and_housing", min_authorities=1)
    assert [r["address"] for r in one_authority] == ["1 Mill Lane"]


def test_possible_matches_come_with_both_people_and_the_link(sample_store: GraphStore) -> None:
    rows = run_saved(sample_store, "list_possible_matches_awaiting_review")
    pairs = [(r["person_name"], r["candidate_name"], r["score"]) for r in rows]
    assert pairs == [("Amy Cole", "Aimee Cole", 0.82)]
    assert rows[0]["match"]["_rel_type"] == "POSSIBLE_MATCH"
    assert run_saved(sample_store, "list_possible_matches_awaiting_review", min_score=0.9) == []


def test_households_ranked_by_children(sample_store: GraphStore) -> None:
    rows = run_saved(sample_store, "rank_households_by_children")
    assert [(r["address"], r["children_count"]) for r in rows] == [("1 Mill Lane", 3)]


def test_practitioners_ranked_by_involvements(sample_store: GraphStore) -> None:
    rows = run_saved(sample_store, "rank_practitioners_by_involvements")
    assert [(r["practitioner"], r["involvements"], r["people"]) for r in rows] == [
        ("Jo Park", 5, 3),
        ("Sam Reid", 3, 3),
    ]


def test_sources_freshness_and_coverage(sample_store: GraphStore) -> None:
    rows = {r["source"]: r for r in run_saved(sample_store, "list_sources_freshness_and_coverage")}
    assert rows["Stockport CSC extract"]["stale"] is False  # 5 days old
    assert rows["GMP Manchester extract"]["stale"] is True  # August
    assert rows["Stockport CSC extract"]["people"] == 2
    assert rows["Stockport CSC extract"]["involvements"] == 14
    assert rows["Stockport CSC extract"]["coverage"] == "2020-01-01 to now, Stockport"


def test_people_known_in_several_authorities(sample_store: GraphStore) -> None:
    rows = run_saved(sample_store, "find_people_known_in_several_authorities")
    assert [r["name"] for r in rows] == ["Amy Cole"]
    assert sorted(rows[0]["authorities"]) == ["MAN", "STK"]
