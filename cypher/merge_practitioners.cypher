// Purpose: link each involvement to its lead practitioner; a newer extract naming someone else
//   replaces the old lead, an older extract changes nothing.
// Parameters: $rows: list of {involvement, uid, extract_date, props: {name, role, team, phone, email}}
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Involvement {uid: r.involvement})
WHERE i.extract_date <= r.extract_date
MERGE (pr:Practitioner {uid: r.uid})
SET pr += r.props
MERGE (i)-[:LED_BY]->(pr)
WITH i, r
MATCH (i)-[old:LED_BY]->(other:Practitioner)
WHERE other.uid <> r.uid
DELETE old
