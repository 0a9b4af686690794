// Purpose: half of the floor in bench/load.py: bare Person nodes, a uid each, created without
//   looking for an existing one. Not used by the loaders.
// Parameters: $rows: list of {uid}
// Returns: nothing
UNWIND $rows AS r
CREATE (:Person {uid: r.uid})
