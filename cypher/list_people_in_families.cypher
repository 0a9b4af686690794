// Purpose: people with at least one family link, for sampling in bench/explore.py (the explorer is
//   opened on families, so timing it on people with no links would flatter it).
// Parameters: limit
// Returns: uid
MATCH (p:Person)-[:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF]-(:Person)
RETURN DISTINCT p.uid AS uid
LIMIT $limit
