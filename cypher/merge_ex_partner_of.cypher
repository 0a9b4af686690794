// Purpose: record that a and b are former partners (stored once, lower uid first), and which sources say so.
//   A relationships row keeps its hash on the link, one per source and row (row_hashes:
//   "<source>:<row key>:<hex>"; hash_key is "<source>:<row key>:", the entry a changed row replaces).
// Parameters: $rows: list of {a, b, source, hash, hash_key, props: {detail, since, until}}
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {uid: r.a})
MATCH (b:Person {uid: r.b})
MERGE (a)-[l:EX_PARTNER_OF]->(b)
ON CREATE SET l.sources = [r.source]
ON MATCH SET l.sources = CASE WHEN r.source IN l.sources THEN l.sources ELSE l.sources + r.source END
SET l += r.props
SET l.row_hashes = [x IN coalesce(l.row_hashes, []) WHERE NOT (x STARTS WITH r.hash_key)] + r.hash
