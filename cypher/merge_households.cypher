// Purpose: record that a person lives (or lived) at a household, and which sources say so.
// Parameters: $rows: list of {person, uid, source, household: {address, postcode, authority},
//   props: {since, until, current}}
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Person {uid: r.person})
MERGE (h:Household {uid: r.uid})
ON CREATE SET h += r.household
MERGE (a:Authority {code: r.household.authority})
MERGE (h)-[:IN_AUTHORITY]->(a)
MERGE (p)-[l:LIVES_AT]->(h)
ON CREATE SET l.sources = [r.source]
ON MATCH SET l.sources = CASE WHEN r.source IN l.sources THEN l.sources ELSE l.sources + r.source END
SET l += r.props
