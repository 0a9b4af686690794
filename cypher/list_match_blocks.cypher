// Purpose: the people holding each of these blocking keys, at most $limit of them per key, so a load
//   learns a block's members (or that it is too big to use) without reading the rest of the graph.
//   Found by equality on MatchKey.uid, the key text (a unique index on both engines; neither engine
//   served `key IN m.keys` from an index: both scanned every MatchRecord). Keys nobody holds are
//   left out.
// Parameters: keys (list of key texts), limit (how many people per key at most)
// Returns: key, people (list of person uids)
UNWIND $keys AS key
MATCH (:MatchKey {uid: key})-[:KEYS]->(m:MatchRecord)
WITH key, collect(DISTINCT m.person) AS people
RETURN key, people[..$limit] AS people
