// Purpose: the analysts' projection: what holds no one's personal details and every projection keeps:
//   the authorities, the sources (extracts) and the services, with the authority each belongs to.
// Parameters: none
// Returns: label, props (map), authority (code or null)
MATCH (a:Authority)
RETURN 'Authority' AS label, properties(a) AS props, null AS authority
UNION ALL
MATCH (s:Source)
OPTIONAL MATCH (s)-[:IN_AUTHORITY]->(a:Authority)
RETURN 'Source' AS label, properties(s) AS props, a.code AS authority
UNION ALL
MATCH (s:Service)
OPTIONAL MATCH (s)-[:IN_AUTHORITY]->(a:Authority)
RETURN 'Service' AS label, properties(s) AS props, a.code AS authority
