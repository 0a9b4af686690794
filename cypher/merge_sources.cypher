// Purpose: create or update the Source node of each extract, with its coverage and authority.
//   An older extract loaded after a newer one does not move the source's dates back.
// Parameters: $rows: list of {uid, authority, authority_name, props: {name, agency, service_type, authority,
//   extract_date, current_as_of, coverage_start, coverage_end, coverage_area, coverage_note, records}}
// Returns: nothing
UNWIND $rows AS r
MERGE (a:Authority {code: r.authority})
ON CREATE SET a.name = r.authority_name
MERGE (s:Source {uid: r.uid})
MERGE (s)-[:IN_AUTHORITY]->(a)
WITH s, r
WHERE s.extract_date IS NULL OR s.extract_date <= r.props.extract_date
SET s += r.props
