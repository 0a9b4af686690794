// Purpose: say that a load of this source is under way (before its first write) or done (loading =
//   null, after its last). A re-run that finds a load of a source cut short skips none of its rows.
// Parameters: uid (the source's uid), loading (the extract date being loaded, or null when done)
// Returns: nothing
MERGE (s:Source {uid: $uid})
SET s.loading = $loading
