// Purpose: create each service once per load (with its authority), before involvements link to it.
// Parameters: $rows: list of {uid, props: {name, service_type, agency, authority}}
// Returns: nothing
UNWIND $rows AS r
MERGE (svc:Service {uid: r.uid})
ON CREATE SET svc += r.props
MERGE (a:Authority {code: r.props.authority})
MERGE (svc)-[:IN_AUTHORITY]->(a)
