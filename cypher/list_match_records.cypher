// Purpose: every record of these people as the matcher compares them (features), so a candidate
//   person is weighed by its record most like the incoming one, and identifier conflicts are seen.
// Parameters: people (list of person uids)
// Returns: person, source, record_id, features
UNWIND $people AS person
MATCH (m:MatchRecord {person: person})
RETURN m.person AS person, m.source AS source, m.record_id AS record_id, m.features AS features
