// Purpose: what retention would remove from one source (familynet retention apply --dry-run): its
//   involvements that are over and older than the cut-off, and its dated facts older than it.
// Parameters: source (the source's uid), cutoff (ISO date: the earliest date still kept)
// Returns: involvements, facts
MATCH (s:Source {uid: $source})
OPTIONAL MATCH (i:Involvement)-[:RECORDED_IN]->(s)
WITH s, i, CASE WHEN i IS NULL OR (coalesce(i.status, '') <> 'historic' AND coalesce(i.end, '') = '') THEN ''
                WHEN coalesce(i.end, '') <> '' THEN i.end
                WHEN coalesce(i.last_contact, '') <> '' THEN i.last_contact
                ELSE coalesce(i.start, '') END AS ended
WITH s, collect(CASE WHEN ended <> '' AND ended < $cutoff THEN i END) AS gone
OPTIONAL MATCH (s)<-[:RECORDED_IN]-(j:Involvement)-[:HAS_FACT]->(f:Fact)
WITH gone, f, j
RETURN size(gone) AS involvements,
       count(DISTINCT CASE WHEN j IN gone OR (coalesce(f.date, '') <> '' AND f.date < $cutoff) THEN f END)
         AS facts
