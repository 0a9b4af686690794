// Purpose: record that a person lives (or lived) at a household, and which sources say so.
// Parameters: $rows: list of {person, uid, source, props: {since, until, current, as_of}}
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Person {uid: r.person})
MATCH (h:Household {uid: r.uid})
MERGE (p)-[l:LIVES_AT]->(h)
ON CREATE SET l.sources = [r.source]
ON MATCH SET l.sources = CASE WHEN r.source IN l.sources THEN l.sources ELSE l.sources + r.source END
SET l += r.props
