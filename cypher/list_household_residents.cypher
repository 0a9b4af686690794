// Purpose: one household and everyone recorded as living (or having lived) there, for the household
//   panel; the person-view service keeps only the family members the worker may see in full.
// Parameters: uid (the household's uid)
// Returns: household (map), residents (list of {person, current, since, until}); no row when unknown
MATCH (h:Household {uid: $uid})
OPTIONAL MATCH (p:Person)-[lv:LIVES_AT]->(h)
RETURN h {.uid, .address, .postcode} AS household,
       collect(CASE WHEN p IS NULL THEN null ELSE
         {person: p {.uid, .given_name, .family_name, .dob}, current: lv.current, since: lv.since,
          until: lv.until} END) AS residents
