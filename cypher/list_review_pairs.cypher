// Purpose: the data steward's review queue (app/matches/): possible matches not yet judged different,
//   most uncertain first (match probability nearest 0.5), pairs marked unsure after the undecided ones.
//   Only pairs the steward may see: at least one side known to the steward's authority ($scope). Optional
//   filters: one source proposed it ($source), one side is known to an authority ($authority), one pair
//   ($a and $b, either direction: the page re-reads the pair a decision names, never trusting the browser).
// Parameters: scope (an authority code), source, authority, a, b (each a value or null), limit
// Returns: a (map), b (map), match (map of the POSSIBLE_MATCH properties), a_record, b_record
MATCH (a:Person)-[m:POSSIBLE_MATCH]->(b:Person)
WHERE coalesce(m.decision, '') <> 'different'
  AND ($scope IN coalesce(a.authorities, []) OR $scope IN coalesce(b.authorities, []))
  AND ($source IS NULL OR $source IN coalesce(m.sources, []))
  AND ($authority IS NULL OR $authority IN coalesce(a.authorities, []) OR $authority IN coalesce(b.authorities, []))
  AND ($a IS NULL OR (a.uid = $a AND b.uid = $b) OR (a.uid = $b AND b.uid = $a))
OPTIONAL MATCH (a)-[ra:RECORDED_IN {record_id: m.a_record_id}]->(sa:Source {uid: m.a_source})
OPTIONAL MATCH (b)-[rb:RECORDED_IN {record_id: m.matched_record_id}]->(sb:Source {uid: m.matched_source})
RETURN a {.uid, .given_name, .family_name, .dob, .postcode, .authorities} AS a,
       b {.uid, .given_name, .family_name, .dob, .postcode, .authorities} AS b,
       properties(m) AS match,
       CASE WHEN ra IS NULL THEN null ELSE ra {.*, source: sa.uid, source_name: sa.name} END AS a_record,
       CASE WHEN rb IS NULL THEN null ELSE rb {.*, source: sb.uid, source_name: sb.name} END AS b_record
ORDER BY CASE WHEN m.decision = 'unsure' THEN 1 ELSE 0 END, abs(m.score - 0.5), a.uid, b.uid
LIMIT $limit
