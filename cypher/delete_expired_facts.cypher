// Purpose: retention (rules/retention.py): remove one source's dated facts older than the cut-off, on
//   involvements that are kept (a current involvement never expires; its old facts do).
// Parameters: source (the source's uid), cutoff (ISO date: the earliest date still kept)
// Returns: facts (how many were removed)
MATCH (:Source {uid: $source})<-[:RECORDED_IN]-(:Involvement)-[:HAS_FACT]->(f:Fact)
WHERE coalesce(f.date, '') <> '' AND f.date < $cutoff
WITH collect(DISTINCT f) AS gone
FOREACH (f IN gone | DETACH DELETE f)
RETURN size(gone) AS facts
