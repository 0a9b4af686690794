// Purpose: the analysts' projection: the involvements of some people, with their service, the sources
//   that recorded them, their lead practitioners and their facts, so that the disclosure rules can be
//   applied (in Python) before anything is written to the projection.
// Parameters: uids (list of person uids)
// Returns: person (uid), involvement (map), service (uid), records (list of {source, props}),
//   practitioners (list of maps), facts (list of {props, source, record})
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})-[:INVOLVED_IN]->(i:Involvement)
OPTIONAL MATCH (i)-[:WITH_SERVICE]->(s:Service)
OPTIONAL MATCH (i)-[rec:RECORDED_IN]->(src:Source)
WITH p, i, s, collect(CASE WHEN src IS NULL THEN null ELSE {source: src.uid, props: properties(rec)} END) AS records
OPTIONAL MATCH (i)-[:LED_BY]->(pr:Practitioner)
WITH p, i, s, records, collect(CASE WHEN pr IS NULL THEN null ELSE properties(pr) END) AS practitioners
OPTIONAL MATCH (i)-[:HAS_FACT]->(f:Fact)
OPTIONAL MATCH (f)-[frec:RECORDED_IN]->(fsrc:Source)
WITH p, i, s, records, practitioners, collect(CASE WHEN f IS NULL THEN null ELSE
  {props: properties(f), source: fsrc.uid, record: properties(frec)} END) AS facts
RETURN p.uid AS person, properties(i) AS involvement, s.uid AS service, records, practitioners, facts
