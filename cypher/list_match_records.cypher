// Purpose: every record of these people as the matcher compares them (features), so a candidate
//   person is weighed by its record most like the incoming one, and identifier conflicts are seen.
//   One row per person, its records in a list: on Neo4j the driver's reading of rows was half of a
//   lookup's time, and a row per record took 18 % more of the loader's CPU (docs/performance.md).
// Parameters: people (list of person uids)
// Returns: person, records (list of [source, record_id, features] per MatchRecord of the person)
UNWIND $people AS person
MATCH (m:MatchRecord {person: person})
RETURN person, collect([m.source, m.record_id, m.features]) AS records
