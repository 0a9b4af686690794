// Purpose: forget every MatchKey's people bound (MatchKey.people_min), so that bench/matching_speed.py
//   can time a load against a kept index graph as the first load after it was written (no bounds),
//   and again with only the bounds an earlier load of other records left. Nothing in a load needs it:
//   a graph without bounds answers the same, only slower.
// Parameters: none
// Returns: cleared (how many keys had a bound)
MATCH (k:MatchKey)
WHERE k.people_min IS NOT NULL
SET k.people_min = null
RETURN count(k) AS cleared
