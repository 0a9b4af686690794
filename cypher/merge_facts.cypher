// Purpose: write the service-specific facts a source states about an involvement ("Rent arrears: open"),
//   with provenance (source, record id, extract date). A newer extract's facts of a kind replace the
//   older extract's facts of that kind; an older extract loaded later changes nothing.
// Parameters: $rows: list of {uid, involvement, source, record_id, extract_date,
//   props: {kind, label, value, date, detail, source, extract_date}}
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Involvement {uid: r.involvement})
WHERE i.extract_date <= r.extract_date
MATCH (src:Source {uid: r.source})
MERGE (f:Fact {uid: r.uid})
SET f += r.props
MERGE (i)-[:HAS_FACT]->(f)
MERGE (f)-[rec:RECORDED_IN {record_id: r.record_id}]->(src)
SET rec.extract_date = r.extract_date
WITH i, r
MATCH (i)-[:HAS_FACT]->(old:Fact {kind: r.props.kind})
WHERE old.extract_date < r.extract_date
DETACH DELETE old
