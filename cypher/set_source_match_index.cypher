// Purpose: say that every person record of these sources has its MatchRecord under this version of
//   the matcher's features and keys (a source without it is re-indexed when a load next matches).
// Parameters: $rows: list of {uid (the source's), version}
// Returns: nothing
UNWIND $rows AS r
MATCH (s:Source {uid: r.uid})
SET s.match_index = r.version
