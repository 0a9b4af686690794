// Purpose: the people holding each of these blocking keys, so a load learns a block's members (or
//   that it is too big to use) without reading the rest of the graph. Found by equality on
//   MatchKey.uid, the key text (a unique index on both engines; neither engine served
//   `key IN m.keys` from an index: both scanned every MatchRecord). A key held by more people than
//   its cap comes back with people null, not with its people: they are not used, and at 100k people
//   they were two thirds of what this query sent. Keys nobody holds are left out.
//   A key whose MatchKey.people_min (a lower bound of the people holding it, written by
//   set_match_key_bounds after an earlier lookup found it over a cap) is already over this cap is
//   answered null from the bound alone: its KEYS links are not followed (at 1M people following the
//   links of keys over their cap was 70 % of this query's time). Two parts, so that the filter on the
//   bound is applied before the expansion on both engines.
// Parameters: keys (list of {uid: the key text, cap: how many people it may hold and be used})
// Returns: key, people (list of person uids, or null: over the key's cap), seen (how many distinct
//   people the lookup saw holding it; for a key answered from its bound, the bound), people_min (the
//   key's bound as it was read, or null), cleared (how many times a write cleared the key's bound,
//   MatchKey.cleared, as it was read: set_match_key_bounds writes a bound only if it is unchanged)
UNWIND $keys AS key
MATCH (k:MatchKey {uid: key.uid})
WHERE k.people_min > key.cap
RETURN key.uid AS key, null AS people, k.people_min AS seen, k.people_min AS people_min,
       coalesce(k.cleared, 0) AS cleared
UNION ALL
UNWIND $keys AS key
MATCH (k:MatchKey {uid: key.uid})
WHERE coalesce(k.people_min, 0) <= key.cap
MATCH (k)-[:KEYS]->(m:MatchRecord)
WITH key, k.people_min AS people_min, coalesce(k.cleared, 0) AS cleared, collect(DISTINCT m.person) AS people
RETURN key.uid AS key, CASE WHEN size(people) > key.cap THEN null ELSE people END AS people,
       size(people) AS seen, people_min, cleared
