// Purpose: which person and which service one involvement joins, so that a tapped involvement opens
//   its service's panel from what the graph says, not from the edge the browser sent.
// Parameters: uid (the involvement's uid)
// Returns: person (uid), service (uid); no row when there is no such involvement
MATCH (p:Person)-[:INVOLVED_IN]->(i:Involvement {uid: $uid})-[:WITH_SERVICE]->(s:Service)
RETURN p.uid AS person, s.uid AS service
LIMIT 1
