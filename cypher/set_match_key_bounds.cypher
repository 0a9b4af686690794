// Purpose: remember that at least this many distinct people hold each of these blocking keys
//   (MatchKey.people_min), after a lookup (list_match_blocks) found them over their caps, so that
//   later lookups answer them over-cap without following their links. Only ever raises the bound: two
//   loads writing at once leave the larger, and writing it again changes nothing. Every write that
//   could lower the true count clears the bound instead (merge_people, merge_match_records,
//   move_person_records).
// Parameters: $rows: list of {uid: the key text, people: how many distinct people the lookup saw}
// Returns: nothing
UNWIND $rows AS r
MATCH (k:MatchKey {uid: r.uid})
SET k.people_min = CASE WHEN coalesce(k.people_min, 0) < r.people THEN r.people ELSE k.people_min END
