// Title: People known in several authorities
// Description: People whose records come from sources in at least $min_authorities local authorities, with the sources; families who move between authorities are where information is most often lost.
// Parameters: $min_authorities (integer, default 2)
// Returns: person (node), name, dob, authorities, sources
MATCH (p:Person)-[:RECORDED_IN]->(s:Source)
WITH p, collect(DISTINCT s.authority) AS authorities, collect(DISTINCT s.name) AS sources
WHERE size(authorities) >= $min_authorities
RETURN p AS person, p.given_name + ' ' + p.family_name AS name, p.dob AS dob, authorities, sources
ORDER BY size(authorities) DESC, name
