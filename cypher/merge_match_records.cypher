// Purpose: write the matcher's index entries of source records again (a source indexed under an
//   older version of the features or keys, or before there was an index): loaders/match/graph_index.py.
//   Each record is linked from one MatchKey per blocking key (what list_match_blocks looks up), and
//   unlinked from the keys it no longer has.
// Parameters: $rows: list of {uid, person, source, record_id, keys, features, version}
// Returns: nothing
UNWIND $rows AS r
MERGE (m:MatchRecord {uid: r.uid})
SET m.person = r.person, m.source = r.source, m.record_id = r.record_id, m.keys = r.keys,
    m.features = r.features, m.version = r.version
WITH r, m
OPTIONAL MATCH (gone:MatchKey)-[old:KEYS]->(m)
WHERE NOT gone.uid IN r.keys
DELETE old
WITH DISTINCT r, m
FOREACH (k IN r.keys | MERGE (mk:MatchKey {uid: k}) MERGE (mk)-[:KEYS]->(m))
