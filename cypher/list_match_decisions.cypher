// Purpose: every reviewer's decision on whether source records are one person, for a load to obey
//   (a pair judged different is never merged, a pair judged the same stays together).
// Parameters: none
// Returns: uid, decision, kind, a_records, b_records (records as "source<US>record id")
MATCH (d:MatchDecision)
RETURN d.uid AS uid, d.decision AS decision, d.kind AS kind, d.a_records AS a_records,
       d.b_records AS b_records
ORDER BY d.decided_at, d.uid
