// Purpose: remove people merged into another, leaving a redirect so their ids still resolve; older
//   redirects to a removed person are pointed at the survivor.
// Parameters: $rows: list of {uid, to, merged_at, merged_by, reason}
// Returns: nothing
UNWIND $rows AS r
MATCH (gone:Person {uid: r.uid})
DETACH DELETE gone
MERGE (x:PersonRedirect {uid: r.uid})
SET x.to = r.to, x.merged_at = r.merged_at, x.merged_by = r.merged_by, x.reason = r.reason
WITH r
MATCH (older:PersonRedirect {to: r.uid})
SET older.to = r.to
