// Purpose: every person and involvement record one source holds, with the hash of the row that last
//   stated it, so a load can skip rows that say what the graph already holds (delta loads) and find
//   the records a full extract no longer lists.
// Parameters: source (the source's uid)
// Returns: kind ('person' or 'involvement'), uid, record_id, hash, gone (no_longer_held_since)
MATCH (n)-[rec:RECORDED_IN]->(s:Source {uid: $source})
WHERE n:Person OR n:Involvement
RETURN CASE WHEN n:Person THEN 'person' ELSE 'involvement' END AS kind, n.uid AS uid,
       rec.record_id AS record_id, rec.hash AS hash, rec.no_longer_held_since AS gone
