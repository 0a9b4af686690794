// Purpose: the people whose location is withheld: those a source's column shields, and those an
//   administrator shielded (their uids, from the governance database), each with their own postcode
//   and every household they live or lived at (all of them are withheld).
// Parameters: uids (list of person uids shielded by an administrator; may be empty)
// Returns: uid, postcode, reason, review, sources (list), homes (list of {uid, address, postcode})
MATCH (p:Person {shielded: 'yes'})
OPTIONAL MATCH (p)-[:LIVES_AT]->(h:Household)
RETURN p.uid AS uid, p.postcode AS postcode, p.shield_reason AS reason, p.shield_review AS review,
       [p.shield_source] AS sources,
       collect(CASE WHEN h IS NULL THEN null ELSE h {.uid, .address, .postcode} END) AS homes
UNION
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})
OPTIONAL MATCH (p)-[:LIVES_AT]->(h:Household)
RETURN p.uid AS uid, p.postcode AS postcode, p.shield_reason AS reason, p.shield_review AS review,
       [p.shield_source] AS sources,
       collect(CASE WHEN h IS NULL THEN null ELSE h {.uid, .address, .postcode} END) AS homes
