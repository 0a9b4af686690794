// Purpose: remember that at least this many distinct people hold each of these blocking keys
//   (MatchKey.people_min), after a lookup (list_match_blocks) found them over their caps, so that
//   later lookups answer them over-cap without following their links. Only ever raises the bound: two
//   loads writing at once leave the larger, and writing it again changes nothing. Every write that
//   could lower the true count clears the bound instead and counts the clearing (MatchKey.cleared:
//   merge_people, merge_match_records, move_person_records); a count the lookup saw before such a
//   write (a reviewer's merge landing between the lookup and this write) is not written: it may be
//   too high now. The condition is read in the SET itself, so that Neo4j locks the key before reading
//   it (read-committed: a condition read in a WHERE could be stale by the time the SET runs).
// Parameters: $rows: list of {uid: the key text, people: how many distinct people the lookup saw,
//   cleared: the key's MatchKey.cleared as the lookup read it}
// Returns: nothing
UNWIND $rows AS r
MATCH (k:MatchKey {uid: r.uid})
SET k.people_min = CASE
    WHEN coalesce(k.cleared, 0) = r.cleared AND coalesce(k.people_min, 0) < r.people THEN r.people
    ELSE k.people_min
  END
