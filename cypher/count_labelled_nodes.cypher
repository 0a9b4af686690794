// Purpose: how many people, involvements, households and facts the graph holds, from the engine's label
//   counts (no scan of the graph): with the sources' own properties, the stamp that tells when an
//   analysts' projection must be built again (app/analyst/projection.py).
// Parameters: none
// Returns: people, involvements, households, facts
OPTIONAL MATCH (p:Person)
WITH count(p) AS people
OPTIONAL MATCH (i:Involvement)
WITH people, count(i) AS involvements
OPTIONAL MATCH (h:Household)
WITH people, involvements, count(h) AS households
OPTIONAL MATCH (f:Fact)
RETURN people, involvements, households, count(f) AS facts
