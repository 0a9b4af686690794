// Purpose: the analysts' projection: which sources recorded some people, and how (record id, match).
// Parameters: uids (list of person uids)
// Returns: person (uid), source (uid), props (map)
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})-[rec:RECORDED_IN]->(s:Source)
RETURN p.uid AS person, s.uid AS source, properties(rec) AS props
