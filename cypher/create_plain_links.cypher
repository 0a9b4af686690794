// Purpose: the other half of the floor in bench/load.py: a bare link between two people found by
//   uid, created without looking for an existing one. Not used by the loaders.
// Parameters: $rows: list of {a, b} (Person uids)
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {uid: r.a})
MATCH (b:Person {uid: r.b})
CREATE (a)-[:PARENT_OF]->(b)
