// Purpose: which person each of one source's person records resolved to, so that a delta load can
//   link the rows that changed without reading every identity in the graph.
// Parameters: source (the source's uid)
// Returns: record_id, uid
MATCH (p:Person)-[rec:RECORDED_IN]->(s:Source {uid: $source})
RETURN rec.record_id AS record_id, p.uid AS uid
