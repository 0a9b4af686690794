// Title: Practitioners with the most involvements
// Description: Lead practitioners ranked by how many current involvements they lead and how many different people and families those cover; a view of caseload spread across services.
// Parameters: $top (integer, default 20)
// Returns: practitioner, role, team, involvements, people, services
MATCH (p:Person)-[:INVOLVED_IN]->(i:Involvement)-[:LED_BY]->(w:Practitioner)
WHERE i.status = 'current'
OPTIONAL MATCH (i)-[:WITH_SERVICE]->(s:Service)
WITH w, count(DISTINCT i) AS involvements, count(DISTINCT p) AS people, collect(DISTINCT s.name) AS services
RETURN w.name AS practitioner, w.role AS role, w.team AS team, involvements, people, services
ORDER BY involvements DESC, practitioner
LIMIT $top
