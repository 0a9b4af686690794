// Purpose: how many relationships of each type the graph holds (load summaries, bench/load.py).
// Parameters: none
// Returns: type, count
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS count
ORDER BY type
