// Purpose: the people whose location is withheld: those a source's column shields, those an
//   administrator shielded (their uids, from the governance database), and every possible match of
//   either (a record that may be the same person is shielded until someone has reviewed it), each with
//   their own postcode and every household they live or lived at (all of them are withheld).
// Parameters: uids (list of person uids shielded by an administrator; may be empty)
// Returns: uid, postcode, reason, review, sources (list), match_of (the shielded person's uid, for a
//   possible match; else null), homes (list of {uid, address, postcode})
MATCH (p:Person {shielded: 'yes'})
OPTIONAL MATCH (p)-[:LIVES_AT]->(h:Household)
RETURN p.uid AS uid, p.postcode AS postcode, p.shield_reason AS reason, p.shield_review AS review,
       [p.shield_source] AS sources, null AS match_of,
       collect(CASE WHEN h IS NULL THEN null ELSE h {.uid, .address, .postcode} END) AS homes
UNION
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})
OPTIONAL MATCH (p)-[:LIVES_AT]->(h:Household)
RETURN p.uid AS uid, p.postcode AS postcode, p.shield_reason AS reason, p.shield_review AS review,
       [p.shield_source] AS sources, null AS match_of,
       collect(CASE WHEN h IS NULL THEN null ELSE h {.uid, .address, .postcode} END) AS homes
UNION
MATCH (s:Person {shielded: 'yes'})-[:POSSIBLE_MATCH]-(p:Person)
OPTIONAL MATCH (p)-[:LIVES_AT]->(h:Household)
RETURN p.uid AS uid, p.postcode AS postcode, s.shield_reason AS reason, s.shield_review AS review,
       [s.shield_source] AS sources, s.uid AS match_of,
       collect(CASE WHEN h IS NULL THEN null ELSE h {.uid, .address, .postcode} END) AS homes
UNION
UNWIND $uids AS wanted
MATCH (s:Person {uid: wanted})-[:POSSIBLE_MATCH]-(p:Person)
OPTIONAL MATCH (p)-[:LIVES_AT]->(h:Household)
RETURN p.uid AS uid, p.postcode AS postcode, s.shield_reason AS reason, s.shield_review AS review,
       [s.shield_source] AS sources, s.uid AS match_of,
       collect(CASE WHEN h IS NULL THEN null ELSE h {.uid, .address, .postcode} END) AS homes
