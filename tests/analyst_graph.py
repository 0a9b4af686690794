"""The small hand-made graph the analyst tests use (and the CLI's): two authorities, a household known
to police and housing in both, children with several services, a possible match, two sources. Each
person says which authorities know them (``authorities``, as the loader writes it): the console shows
an analyst their authority's projection only (app/analyst/projection.py).
"""

from __future__ import annotations

from datetime import date

from graph import GraphStore

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
