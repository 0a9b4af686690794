// Purpose: drop pending links once their writes are in the graph (only after those writes).
// Parameters: $rows: list of {uid}
// Returns: nothing
UNWIND $rows AS r
MATCH (pl:PendingLink {uid: r.uid})
DELETE pl
