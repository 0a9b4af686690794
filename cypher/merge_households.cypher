// Purpose: record that a person lives (or lived) at a household, and which sources say so. A row of
//   past addresses keeps its hash on the link, one per source and row (row_hashes:
//   "<source>:<row key>:<hex>"; hash_key is "<source>:<row key>:", the entry a changed row replaces); a person
//   row's address passes an empty hash (the person's record keeps the row's hash).
// Parameters: $rows: list of {person, uid, source, hash, hash_key, props: {since, until, current, as_of}}
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Person {uid: r.person})
MATCH (h:Household {uid: r.uid})
MERGE (p)-[l:LIVES_AT]->(h)
ON CREATE SET l.sources = [r.source]
ON MATCH SET l.sources = CASE WHEN r.source IN l.sources THEN l.sources ELSE l.sources + r.source END
SET l += r.props
SET l.row_hashes = CASE WHEN r.hash = '' THEN l.row_hashes
                        ELSE [x IN coalesce(l.row_hashes, []) WHERE NOT (x STARTS WITH r.hash_key)] + r.hash END
