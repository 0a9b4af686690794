// Purpose: retention (rules/retention.py): remove one source's involvements that are over (historic,
//   or with an end date) and whose date (end, else last contact, else start) is before the cut-off,
//   with their facts. People, households, services and practitioners are kept.
// Parameters: source (the source's uid), cutoff (ISO date: the earliest date still kept)
// Returns: involvements, facts (how many were removed)
MATCH (i:Involvement)-[:RECORDED_IN]->(:Source {uid: $source})
WHERE i.status = 'historic' OR coalesce(i.end, '') <> ''
WITH i, CASE WHEN coalesce(i.end, '') <> '' THEN i.end
             WHEN coalesce(i.last_contact, '') <> '' THEN i.last_contact
             ELSE coalesce(i.start, '') END AS ended
WHERE ended <> '' AND ended < $cutoff
OPTIONAL MATCH (i)-[:HAS_FACT]->(f:Fact)
WITH i, collect(f) AS facts
WITH collect(i) AS gone, sum(size(facts)) AS fact_count, collect(facts) AS fact_lists
FOREACH (fs IN fact_lists | FOREACH (f IN fs | DETACH DELETE f))
FOREACH (i IN gone | DETACH DELETE i)
RETURN size(gone) AS involvements, fact_count AS facts
