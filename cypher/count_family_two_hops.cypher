// Purpose: the benchmark baseline for the explorer (bench/explore.py): a bare two-hop expansion over
//   family links from one person, and their services, counted and not collected, to compare the
//   family-network query against.
// Parameters: uid
// Returns: people, services
MATCH (p:Person {uid: $uid})-[:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH*0..2]-(q:Person)
OPTIONAL MATCH (q)-[:INVOLVED_IN]->(:Involvement)-[:WITH_SERVICE]->(s:Service)
RETURN count(DISTINCT q) AS people, count(DISTINCT s) AS services
