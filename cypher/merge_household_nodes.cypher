// Purpose: create each household (an address) once per load, with its authority, before people are
//   linked to it.
// Parameters: $rows: list of {uid, props: {address, postcode, authority}}
// Returns: nothing
UNWIND $rows AS r
MERGE (h:Household {uid: r.uid})
ON CREATE SET h += r.props
MERGE (a:Authority {code: r.props.authority})
MERGE (h)-[:IN_AUTHORITY]->(a)
