// Title: Sources, their freshness and coverage
// Description: Every loaded agency extract: how current it is, whether it is older than $stale_days days, what period and area it covers, and how many people and involvements it recorded.
// Parameters: $today (date, default today), $stale_days (integer, default 30)
// Returns: source, agency, authority, extract_date, stale, coverage, people, involvements
MATCH (s:Source)
OPTIONAL MATCH (p:Person)-[:RECORDED_IN]->(s)
WITH s, count(DISTINCT p) AS people
OPTIONAL MATCH (i:Involvement)-[:RECORDED_IN]->(s)
WITH s, people, count(DISTINCT i) AS involvements
RETURN s.name AS source, s.agency AS agency, s.authority AS authority, s.extract_date AS extract_date,
       s.extract_date IS NULL OR date(s.extract_date) < date($today) - duration({days: $stale_days}) AS stale,
       coalesce(s.coverage_start, '?') + ' to ' + coalesce(s.coverage_end, 'now') + ', ' +
       coalesce(s.coverage_area, 'area not stated') AS coverage,
       people, involvements
ORDER BY extract_date, source
