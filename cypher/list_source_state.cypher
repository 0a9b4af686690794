// Purpose: what a load must know of each source before writing: the extract it holds (an older one
//   is refused), whether a load of it was cut short (then no row is skipped), and its properties (an
//   unchanged source is not written again).
// Parameters: none
// Returns: uid, extract_date, loading, props (map)
MATCH (s:Source)
RETURN s.uid AS uid, s.extract_date AS extract_date, s.loading AS loading, properties(s) AS props
