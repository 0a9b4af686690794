// Title: Families known to police and housing in both authorities
// Description: Households where, in each of at least $min_authorities local authorities, someone living there is known both to a police service and to a housing service; with everyone recorded at the address.
// Parameters: $min_authorities (integer, default 2)
// Returns: household (node), address, authorities, people (nodes), residences (relationships)
MATCH (h:Household)<-[:LIVES_AT]-(:Person)-[:INVOLVED_IN]->(:Involvement)-[:WITH_SERVICE]->(s:Service)
WHERE s.service_type IN ['police', 'housing']
WITH h, s.authority AS authority, collect(DISTINCT s.service_type) AS types
WHERE size(types) = 2
WITH h, collect(authority) AS authorities
WHERE size(authorities) >= $min_authorities
MATCH (h)<-[lives:LIVES_AT]-(p:Person)
RETURN h AS household, h.address AS address, authorities, collect(p) AS people, collect(lives) AS residences
ORDER BY address
