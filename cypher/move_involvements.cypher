// Purpose: move involvements from one person to another, for a reviewer's merge (all of them) or
//   split (those the moved source records stated: the involvement's source and record id).
// Parameters: $rows: list of {from, to, source, record_id}
// Returns: moved
UNWIND $rows AS r
MATCH (a:Person {uid: r.from})-[old:INVOLVED_IN]->(i:Involvement)-[rec:RECORDED_IN {record_id: r.record_id}]->(:Source {uid: r.source})
MATCH (b:Person {uid: r.to})
MERGE (b)-[:INVOLVED_IN]->(i)
DELETE old
RETURN count(*) AS moved
