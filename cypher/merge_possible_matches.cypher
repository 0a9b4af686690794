// Purpose: keep a middle-band match as POSSIBLE_MATCH for a person to review (never merged silently),
//   with the match model's explanation (score, weights per comparison; see loaders/match/stored.py)
//   and the two source records compared. A reviewer's decision on the link is kept.
// Parameters: $rows: list of {a, b, source, props: {score, reasons, match_weight, prior_weight,
//   comparison_names, comparison_levels, comparison_weights, comparison_tf_weights, decided_by,
//   matched_source, matched_record_id, match_model, a_source, a_record_id}}
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Person {uid: r.a})
MATCH (b:Person {uid: r.b})
MERGE (a)-[m:POSSIBLE_MATCH]->(b)
ON CREATE SET m.sources = [r.source]
ON MATCH SET m.sources = CASE WHEN r.source IN m.sources THEN m.sources ELSE m.sources + r.source END
SET m += r.props
