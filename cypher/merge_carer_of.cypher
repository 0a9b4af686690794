// Purpose: record that a cares for b (kinship, foster, guardian), and which sources say so.
// Parameters: $rows: list of {a, b, source, props: {detail, since, until}}
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {uid: r.a})
MATCH (b:Person {uid: r.b})
MERGE (a)-[l:CARER_OF]->(b)
ON CREATE SET l.sources = [r.source]
ON MATCH SET l.sources = CASE WHEN r.source IN l.sources THEN l.sources ELSE l.sources + r.source END
SET l += r.props
