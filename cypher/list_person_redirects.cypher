// Purpose: every merged-away person id and the person it now belongs to, to export with the
//   reviewers' decisions (a graph rebuilt from the extracts keeps both).
// Parameters: none
// Returns: uid, to, merged_at, merged_by, reason
MATCH (r:PersonRedirect)
RETURN r.uid AS uid, r.to AS to, r.merged_at AS merged_at, r.merged_by AS merged_by, r.reason AS reason
ORDER BY r.uid
