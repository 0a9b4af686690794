// Title: People with possible matches awaiting review
// Description: Pairs of person records that matching scored in the middle band: they may be the same person and need a practitioner's review before anything is merged. Highest scores first.
// Parameters: $min_score (float, default 0.0)
// Returns: person (node), match (relationship), candidate (node), score, reasons
MATCH (a:Person)-[m:POSSIBLE_MATCH]->(b:Person)
WHERE m.score >= $min_score
RETURN a AS person, m AS match, b AS candidate, m.score AS score, m.reasons AS reasons,
       a.given_name + ' ' + a.family_name AS person_name, b.given_name + ' ' + b.family_name AS candidate_name
ORDER BY score DESC, person_name
