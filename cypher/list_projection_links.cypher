// Purpose: the analysts' projection: the family links and possible matches that start at some people
//   (the projection keeps those whose other end is in it too).
// Parameters: uids (list of person uids)
// Returns: start (uid), type, end (uid), props (map)
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})-[r:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH]->(q:Person)
RETURN p.uid AS start, type(r) AS type, q.uid AS end, properties(r) AS props
