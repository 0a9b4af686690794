// Purpose: how many nodes of each label the graph holds (health check, load summaries).
// Parameters: none
// Returns: label, count
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
