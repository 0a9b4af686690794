// Purpose: where a person id now lives: itself when the person exists, the surviving person when it
//   was merged away (redirects always point at a person that exists: merges re-point older ones).
// Parameters: uid
// Returns: uid (the id to use, or nothing when the id is unknown), redirected (true when merged away)
OPTIONAL MATCH (p:Person {uid: $uid})
OPTIONAL MATCH (r:PersonRedirect {uid: $uid})
WITH p, r
WHERE p IS NOT NULL OR r IS NOT NULL
RETURN coalesce(p.uid, r.to) AS uid, p IS NULL AS redirected, r.merged_at AS merged_at
