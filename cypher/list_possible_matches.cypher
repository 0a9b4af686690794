// Purpose: the review queue: possible matches not yet judged different, most uncertain first (match
//   probability nearest 0.5), optionally only those one source proposed or one authority knows;
//   with both people, the two source records compared and the explanation for the waterfall.
// Parameters: source (a source uid or null), authority (an authority code or null), limit
// Returns: a (map), b (map), match (map of the POSSIBLE_MATCH properties), a_record, b_record
MATCH (a:Person)-[m:POSSIBLE_MATCH]->(b:Person)
WHERE coalesce(m.decision, '') <> 'different'
  AND ($source IS NULL OR $source IN m.sources)
  AND ($authority IS NULL OR $authority IN coalesce(a.authorities, []) OR $authority IN coalesce(b.authorities, []))
OPTIONAL MATCH (a)-[ra:RECORDED_IN {record_id: m.a_record_id}]->(sa:Source {uid: m.a_source})
OPTIONAL MATCH (b)-[rb:RECORDED_IN {record_id: m.matched_record_id}]->(sb:Source {uid: m.matched_source})
RETURN a {.uid, .given_name, .family_name, .dob, .postcode, .authorities} AS a,
       b {.uid, .given_name, .family_name, .dob, .postcode, .authorities} AS b,
       properties(m) AS match,
       CASE WHEN ra IS NULL THEN null ELSE ra {.*, source: sa.uid, source_name: sa.name} END AS a_record,
       CASE WHEN rb IS NULL THEN null ELSE rb {.*, source: sb.uid, source_name: sb.name} END AS b_record
ORDER BY CASE WHEN m.decision = 'unsure' THEN 1 ELSE 0 END, abs(m.score - 0.5), a.uid, b.uid
LIMIT $limit
