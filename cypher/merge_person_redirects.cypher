// Purpose: restore merged-away person ids (imported with the reviewers' decisions into a rebuilt graph).
// Parameters: $rows: list of {uid, to, merged_at, merged_by, reason}
// Returns: nothing
UNWIND $rows AS r
MERGE (x:PersonRedirect {uid: r.uid})
SET x.to = r.to, x.merged_at = r.merged_at, x.merged_by = r.merged_by, x.reason = r.reason
