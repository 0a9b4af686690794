// Purpose: one family link or possible match between two people, with the sources that recorded it.
// Parameters: start (uid), end (uid), rel_type (e.g. PARENT_OF)
// Returns: rel_type, since, until, detail, score, reasons, the match explanation (match_weight,
//   prior_weight, comparison_*, decided_by: loaders/match/stored.py), start_person, end_person, sources
MATCH (a:Person {uid: $start})-[r]->(b:Person {uid: $end})
WHERE type(r) = $rel_type
OPTIONAL MATCH (s:Source)
WHERE s.uid IN coalesce(r.sources, [])
RETURN type(r) AS rel_type, r.since AS since, r.until AS until, r.detail AS detail, r.score AS score,
       r.reasons AS reasons, r.match_weight AS match_weight, r.prior_weight AS prior_weight,
       r.comparison_names AS comparison_names, r.comparison_levels AS comparison_levels,
       r.comparison_weights AS comparison_weights, r.comparison_tf_weights AS comparison_tf_weights,
       r.decided_by AS decided_by, a {.uid, .given_name, .family_name, .dob} AS start_person,
       b {.uid, .given_name, .family_name, .dob} AS end_person,
       collect(s {.uid, .name, .current_as_of, .extract_date, .coverage_start, .coverage_end,
                  .coverage_area}) AS sources
