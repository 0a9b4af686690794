// Purpose: the analysts' projection of one authority (app/analyst/projection.py): every person known
//   to that authority's sources, with all their properties (people known to nobody are in no projection).
// Parameters: authority (an authority's code)
// Returns: props (map)
MATCH (p:Person)
WHERE p.authority = $authority OR $authority IN coalesce(p.authorities, [])
RETURN properties(p) AS props
