// Purpose: write each person's involvement with a service, as a source recorded it, with the hash of
//   what its row said (delta loads). A newer extract updates the facts (status, last contact); an
//   older one loaded later changes nothing. An involvement stated again is held again
//   (no_longer_held_since cleared).
// Parameters: $rows: list of {uid, person, source, service, record_id, extract_date, hash,
//   props: {status, team, start, end, last_contact, reason, source, extract_date, flagged, status_raw,
//   start_raw, end_raw, last_contact_raw}}
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Person {uid: r.person})
MATCH (src:Source {uid: r.source})
MATCH (svc:Service {uid: r.service})
MERGE (i:Involvement {uid: r.uid})
MERGE (p)-[:INVOLVED_IN]->(i)
MERGE (i)-[:WITH_SERVICE]->(svc)
MERGE (i)-[rec:RECORDED_IN {record_id: r.record_id}]->(src)
SET rec.extract_date = r.extract_date, rec.hash = r.hash, rec.no_longer_held_since = null
WITH i, r
WHERE i.extract_date IS NULL OR i.extract_date <= r.extract_date
SET i += r.props, i.no_longer_held_since = null
