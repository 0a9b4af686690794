"""The saved analyst queries (cypher/analyst/) answer their questions on a small hand-made graph.

``build_sample_graph`` is also the graph the other analyst tests use: two authorities, a household
known to police and housing in both, children with several services, a possible match, two sources.
Each person says which authorities know them (``authorities``, as the loader writes it): the console
shows an analyst their authority's projection only (app/analyst/projection.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.analyst.running import parameter_defaults
from graph import GraphStore, open_store, queries

TODAY = date(2026, 11, 25)
SAMPLE_GRAPH = """
CREATE (stk:Authority {code: 'STK', name: 'Stockport'}), (man:Authority {code: 'MAN', name: 'Manchester'}),
  (csc:Service {uid: 'svc-csc', name: 'Stockport CSC', service_type: 'social_care', authority: 'STK'}),
  (eh:Service {uid: 'svc-eh', name: 'Stockport Early Help', service_type: 'early_help', authority: 'STK'}),
  (hv:Service {uid: 'svc-hv', name: 'Health Visiting', service_type: 'health', authority: 'STK'}),
  (pstk:Service {uid: 'svc-pstk', name: 'GMP Stockport', service_type: 'police', authority: 'STK'}),
  (hstk:Service {uid: 'svc-hstk', name: 'Stockport Homes', service_type: 'housing', authority: 'STK'}),
  (pman:Service {uid: 'svc-pman', name: 'GMP Manchester', service_type: 'police', authority: 'MAN'}),
  (hman:Service {uid: 'svc-hman', name: 'Manchester Housing', service_type: 'housing', authority: 'MAN'}),
  (w1:Practitioner {uid: 'w1', name: 'Jo Park', role: 'Social worker', team: 'CIN East'}),
  (w2:Practitioner {uid: 'w2', name: 'Sam Reid', role: 'Family support', team: 'Early Help'}),
  (h1:Household {uid: 'h1', address: '1 Mill Lane', postcode: 'SK1 1AA', authority: 'STK'}),
  (h2:Household {uid: 'h2', address: '9 Canal St', postcode: 'M1 3BB', authority: 'MAN'}),
  (amy:Person {uid: 'amy', given_name: 'Amy', family_name: 'Cole', dob: '2015-03-02',
                authorities: ['STK', 'MAN']}),
  (ben:Person {uid: 'ben', given_name: 'Ben', family_name: 'Cole', dob: '2016-01-01', authorities: ['STK']}),
  (cal:Person {uid: 'cal', given_name: 'Cal', family_name: 'Cole', dob: '2018-07-07', authorities: ['STK']}),
  (dan:Person {uid: 'dan', given_name: 'Dana', family_name: 'Cole', dob: '1988-04-04', authorities: ['STK']}),
  (eve:Person {uid: 'eve', given_name: 'Eve', family_name: 'Cole', dob: '1986-02-02', authorities: ['MAN']}),
  (fay:Person {uid: 'fay', given_name: 'Fay', family_name: 'Hart', dob: '1990-09-09', authorities: ['MAN']}),
  (amy2:Person {uid: 'amy2', given_name: 'Aimee', family_name: 'Cole', dob: '2015-03-02',
                 authorities: ['STK']}),
  (src1:Source {uid: 'src-stk-csc', name: 'Stockport CSC extract', agency: 'Stockport Council',
                authority: 'STK',
                extract_date: '2026-11-20', coverage_start: '2020-01-01', coverage_area: 'Stockport'}),
  (src2:Source {uid: 'src-man-police', name: 'GMP Manchester extract', agency: 'GMP', authority: 'MAN',
                extract_date: '2026-08-01', coverage_area: 'Manchester'}),
  (amy)-[:LIVES_AT {sources: ['src-stk-csc'], current: 'yes'}]->(h1),
  (ben)-[:LIVES_AT {sources: ['src-stk-csc'], current: 'yes'}]->(h1),
  (cal)-[:LIVES_AT {sources: ['src-stk-csc'], current: 'yes'}]->(h1),
  (dan)-[:LIVES_AT {sources: ['src-stk-csc'], current: 'yes'}]->(h1),
  (eve)-[:LIVES_AT {sources: ['src-man-police'], current: 'yes'}]->(h1),
  (fay)-[:LIVES_AT {sources: ['src-man-police'], current: 'yes'}]->(h2),
  (dan)-[:PARENT_OF {sources: ['src-stk-csc']}]->(amy),
  (amy)-[:POSSIBLE_MATCH {score: 0.82, reasons: 'DOB exact; family name exact',
                          sources: ['src-man-police']}]->(amy2),
  (amy)-[:RECORDED_IN {record_id: 'C1'}]->(src1), (amy)-[:RECORDED_IN {record_id: 'P7'}]->(src2),
  (ben)-[:RECORDED_IN {record_id: 'C2'}]->(src1)
WITH amy, ben, cal, dan, eve, fay, csc, eh, hv, pstk, hstk, pman, hman, w1, w2, src1
UNWIND [
  [amy, csc, '2026-05-01', w1], [amy, eh, '2026-06-01', w2], [amy, hv, null, w1],
  [ben, csc, '2026-11-01', w1], [ben, eh, '2026-04-01', w2], [ben, hv, null, w1],
  [cal, csc, null, w1], [cal, eh, null, w2],
  [dan, pstk, '2026-01-01', null], [dan, hstk, '2026-02-01', null],
  [eve, pman, '2026-03-01', null], [eve, hman, '2026-03-02', null],
  [fay, pstk, '2026-03-01', null], [fay, hman, '2026-03-01', null]
] AS inv
WITH inv[0] AS person, inv[1] AS service, inv[2] AS last_contact, inv[3] AS worker, src1
CREATE (person)-[:INVOLVED_IN]->(i:Involvement {uid: person.uid + '-' + service.uid, status: 'current',
                                                 last_contact: last_contact})-[:WITH_SERVICE]->(service),
       (i)-[:RECORDED_IN {record_id: person.uid}]->(src1)
WITH i, worker WHERE worker IS NOT NULL
CREATE (i)-[:LED_BY]->(worker)
"""


def build_sample_graph(store: GraphStore) -> None:
    store.engine.run(SAMPLE_GRAPH, {}, write=True)


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
