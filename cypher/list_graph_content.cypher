// Purpose: every node and relationship with its properties, to fingerprint the graph's content
//   (idempotent loads, crash-and-rerun checks, backups). Node ids are not returned: they differ
//   between engines and between loads; nodes are named by their uid (Authority by code).
// Parameters: none
// Returns: kind, labels, props, start, end (start/end: uid or code of a relationship's ends)
MATCH (n)
RETURN 'node' AS kind, labels(n) AS labels, properties(n) AS props, null AS start, null AS end
UNION ALL
MATCH (a)-[r]->(b)
RETURN 'relationship' AS kind, [type(r)] AS labels, properties(r) AS props,
       coalesce(a.uid, a.code) AS start, coalesce(b.uid, b.code) AS end
