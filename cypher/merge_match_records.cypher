// Purpose: write the matcher's index entries of source records again (a source indexed under an
//   older version of the features or keys, or before there was an index): loaders/match/graph_index.py.
//   Each record is linked from one MatchKey per blocking key (what list_match_blocks looks up), and
//   unlinked from the keys it no longer has; a key left holding no record is deleted. A key that may
//   now be held by fewer people (one the record left, or every key of a record that now names another
//   person) loses its lower bound of people (MatchKey.people_min, set_match_key_bounds), and the
//   clearing is counted (MatchKey.cleared: a bound counted before this write is not written after it).
//   Grouped by the keys and the record, not by the whole row (see merge_people).
// Parameters: $rows: list of {uid, person, source, record_id, keys, features, version}
// Returns: nothing
UNWIND $rows AS r
MERGE (m:MatchRecord {uid: r.uid})
WITH r, m, m.person AS was
SET m.person = r.person, m.source = r.source, m.record_id = r.record_id, m.keys = r.keys,
    m.features = r.features, m.version = r.version
WITH r.keys AS keys, r.person AS person, m, was
OPTIONAL MATCH (k:MatchKey)-[link:KEYS]->(m)
WITH keys, m, k, link, NOT k.uid IN keys AS left, was IS NOT NULL AND was <> person AS moved
FOREACH (x IN CASE WHEN k IS NOT NULL AND (left OR moved) THEN [k] ELSE [] END |
  SET x.people_min = null, x.cleared = coalesce(x.cleared, 0) + 1)
FOREACH (x IN CASE WHEN left THEN [link] ELSE [] END | DELETE x)
WITH keys, m, collect(CASE WHEN left THEN k END) AS gone
FOREACH (k IN keys | MERGE (mk:MatchKey {uid: k}) MERGE (mk)-[:KEYS]->(m))
WITH gone
UNWIND gone AS g
OPTIONAL MATCH (g)-[still:KEYS]->()
WITH g, count(still) AS holders
WHERE holders = 0
DELETE g
