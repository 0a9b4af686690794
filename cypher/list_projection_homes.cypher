// Purpose: the analysts' projection: where some people live or lived, with the households' own
//   properties and authority (only the homes of people in the projection are copied).
// Parameters: uids (list of person uids)
// Returns: person (uid), lives (map), household (map), authority (code or null)
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})-[lv:LIVES_AT]->(h:Household)
OPTIONAL MATCH (h)-[:IN_AUTHORITY]->(a:Authority)
RETURN p.uid AS person, properties(lv) AS lives, properties(h) AS household, a.code AS authority
