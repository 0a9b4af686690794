// Purpose: every involvement's lead contact, per source, for the data-quality report to check: a named
//   person or only a team, and whether the phone and e-mail look valid.
// Parameters: source (a source uid, or null for every source)
// Returns: source (uid), team, name, phone, email (one row per involvement and practitioner)
MATCH (s:Source)
WHERE $source IS NULL OR s.uid = $source
MATCH (i:Involvement)-[:RECORDED_IN]->(s)
OPTIONAL MATCH (i)-[:LED_BY]->(pr:Practitioner)
RETURN s.uid AS source, coalesce(pr.team, i.team) AS team, pr.name AS name, pr.phone AS phone,
       pr.email AS email
