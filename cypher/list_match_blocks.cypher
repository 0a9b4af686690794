// Purpose: the people holding each of these blocking keys, so a load learns a block's members (or
//   that it is too big to use) without reading the rest of the graph. Found by equality on
//   MatchKey.uid, the key text (a unique index on both engines; neither engine served
//   `key IN m.keys` from an index: both scanned every MatchRecord). A key held by more people than
//   its cap comes back with people null, not with its people: they are not used, and at 100k people
//   they were two thirds of what this query sent. Keys nobody holds are left out.
// Parameters: keys (list of {uid: the key text, cap: how many people it may hold and be used})
// Returns: key, people (list of person uids, or null: over the key's cap)
UNWIND $keys AS key
MATCH (:MatchKey {uid: key.uid})-[:KEYS]->(m:MatchRecord)
WITH key, collect(DISTINCT m.person) AS people
RETURN key.uid AS key, CASE WHEN size(people) > key.cap THEN null ELSE people END AS people
