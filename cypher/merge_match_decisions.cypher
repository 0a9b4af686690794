// Purpose: keep reviewers' decisions (same / different / unsure person) with who, when and why; the
//   records on each side are named by source and record id, which stay when person ids change.
// Parameters: $rows: list of {uid, props: {decision, kind, reason, decided_by, decided_at, a_person,
//   b_person, a_records, b_records}}
// Returns: nothing
UNWIND $rows AS r
MERGE (d:MatchDecision {uid: r.uid})
SET d += r.props
