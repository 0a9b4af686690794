// Purpose: link each involvement to its lead practitioner; a newer extract naming someone else
//   replaces the old lead, an older extract changes nothing. A practitioner named on several
//   involvements of one batch is merged once, with the last of those rows' details, as if the rows
//   were applied one by one (FalkorDB applies a MERGE key met twice in one batch out of order).
// Parameters: $rows: list of {involvement, uid, extract_date, props: {name, role, team, phone, email}}
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Involvement {uid: r.involvement})
WHERE i.extract_date <= r.extract_date
WITH r.uid AS uid, collect({involvement: i, row: r}) AS leads
MERGE (pr:Practitioner {uid: uid})
SET pr += leads[size(leads) - 1].row.props
WITH pr, leads
UNWIND leads AS lead
WITH pr, lead.involvement AS i, lead.row AS r
MERGE (i)-[:LED_BY]->(pr)
WITH i, r
MATCH (i)-[old:LED_BY]->(other:Practitioner)
WHERE other.uid <> r.uid
DELETE old
