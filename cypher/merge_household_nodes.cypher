// Purpose: create each household (an address) once per load, with its authority, before people are
//   linked to it. A source's shield of the address (shield: {shielded, shield_reason, shield_review,
//   shield_source}, or an empty map) is set and never lifted by a load.
// Parameters: $rows: list of {uid, props: {address, postcode, authority}, shield}
// Returns: nothing
UNWIND $rows AS r
MERGE (h:Household {uid: r.uid})
ON CREATE SET h += r.props
SET h += r.shield
MERGE (a:Authority {code: r.props.authority})
MERGE (h)-[:IN_AUTHORITY]->(a)
