// Purpose: the engine's ceiling for bench/load.py: a plain batched MERGE of person rows, with no
//   validation, matching or provenance. Not used by the loaders.
// Parameters: $rows: list of {uid, props}
// Returns: nothing
UNWIND $rows AS r
MERGE (p:Person {uid: r.uid})
SET p += r.props
