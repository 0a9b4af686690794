// Purpose: a full extract that no longer lists a person record: the record is kept (history is never
//   deleted) and marked as no longer held by its source since that extract's date.
// Parameters: $rows: list of {uid (the person's), source, record_id, since}
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Person {uid: r.uid})-[rec:RECORDED_IN {record_id: r.record_id}]->(s:Source {uid: r.source})
SET rec.no_longer_held_since = r.since
