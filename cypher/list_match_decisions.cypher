// Purpose: every reviewer's decision on whether source records are one person, for a load to obey
//   (a pair judged different is never merged, a pair judged the same stays together).
// Parameters: none
// Returns: uid, decision, kind, reason, decided_by, decided_at, a_person, b_person, a_records,
//   b_records (records as "source<US>record id")
MATCH (d:MatchDecision)
RETURN d.uid AS uid, d.decision AS decision, d.kind AS kind, d.reason AS reason, d.decided_by AS decided_by,
       d.decided_at AS decided_at, d.a_person AS a_person, d.b_person AS b_person, d.a_records AS a_records,
       d.b_records AS b_records
ORDER BY d.decided_at, d.uid
