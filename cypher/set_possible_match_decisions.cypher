// Purpose: mark possible matches between two people (either direction) with a reviewer's decision,
//   so the review queue leaves out pairs judged different and shows those marked unsure last.
// Parameters: $rows: list of {a, b, decision}
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {uid: r.a})-[m:POSSIBLE_MATCH]-(b:Person {uid: r.b})
SET m.decision = r.decision
