// Purpose: the people living now at a withheld address (a shielded person's home, or a shielded
//   address, or any household with one of their postcodes): their location is withheld too, so a
//   child in a refuge with a shielded parent does not give the refuge away through their school.
// Parameters: households (list of household uids), postcodes (list of postcodes as stored, e.g. "SK6 7QR")
// Returns: uid
UNWIND $households AS wanted
MATCH (p:Person)-[lv:LIVES_AT]->(h:Household {uid: wanted})
WHERE coalesce(lv.current, 'yes') <> 'no' AND coalesce(lv.until, '') = ''
RETURN DISTINCT p.uid AS uid
UNION
UNWIND $postcodes AS code
MATCH (p:Person)-[lv:LIVES_AT]->(h:Household {postcode: code})
WHERE coalesce(lv.current, 'yes') <> 'no' AND coalesce(lv.until, '') = ''
RETURN DISTINCT p.uid AS uid
