// Purpose: say that a load of this source is under way, before its first write; the load clears the
//   mark in its last statement (set_sources_loaded), so a mark found later says a load was cut short.
// Parameters: uid (the source's uid), loading (the extract date being loaded, or null)
// Returns: nothing
MERGE (s:Source {uid: $uid})
SET s.loading = $loading
