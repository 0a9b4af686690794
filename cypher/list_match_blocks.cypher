// Purpose: the people holding each of these blocking keys (MatchRecord.keys, indexed), at most
//   $limit of them per key, so a load learns a block's members (or that it is too big to use)
//   without reading the rest of the graph. Keys nobody holds are left out.
// Parameters: keys (list of key texts), limit (how many people per key at most)
// Returns: key, people (list of person uids)
UNWIND $keys AS key
MATCH (m:MatchRecord)
WHERE key IN m.keys
WITH key, collect(DISTINCT m.person) AS people
RETURN key, people[..$limit] AS people
