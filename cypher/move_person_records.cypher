// Purpose: move source records (RECORDED_IN, with everything the link says) from one person to
//   another, for a reviewer's merge or split.
// Parameters: $rows: list of {from, to, source, record_id}
// Returns: moved (how many records were moved)
UNWIND $rows AS r
MATCH (a:Person {uid: r.from})-[old:RECORDED_IN {record_id: r.record_id}]->(s:Source {uid: r.source})
MATCH (b:Person {uid: r.to})
MERGE (b)-[new:RECORDED_IN {record_id: r.record_id}]->(s)
SET new += properties(old)
DELETE old
RETURN count(*) AS moved
