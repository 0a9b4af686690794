// Purpose: move source records (RECORDED_IN, with everything the link says) from one person to
//   another, for a reviewer's merge or split.
//   The record's entry in the matcher's index (MatchRecord) names the person it now belongs to, and
//   each of its keys loses its lower bound of people (MatchKey.people_min): the person it left may no
//   longer hold the key, so the key may now be under its cap. The clearing is counted (MatchKey.cleared),
//   so that a bound a load counted before this move is not written after it (set_match_key_bounds).
// Parameters: $rows: list of {from, to, source, record_id, match (the MatchRecord's uid)}
// Returns: moved (how many records were moved)
UNWIND $rows AS r
MATCH (a:Person {uid: r.from})-[old:RECORDED_IN {record_id: r.record_id}]->(s:Source {uid: r.source})
MATCH (b:Person {uid: r.to})
MERGE (b)-[new:RECORDED_IN {record_id: r.record_id}]->(s)
SET new += properties(old)
DELETE old
WITH b, r
OPTIONAL MATCH (m:MatchRecord {uid: r.match})
SET m.person = b.uid
WITH r, m
OPTIONAL MATCH (k:MatchKey)-[:KEYS]->(m)
WITH r, m, collect(k) AS held
FOREACH (k IN held | SET k.people_min = null, k.cleared = coalesce(k.cleared, 0) + 1)
RETURN count(*) AS moved
