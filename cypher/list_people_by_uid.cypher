// Purpose: people as the JSON API shows them (the Family Context "Person"): names, date of birth,
//   gender, their addresses (to pick the current one) and their record ids in social care sources
//   (the case-management id, "cmsId"). Rows come in no particular order.
// Parameters: uids (list of person uids)
// Returns: person (map), homes (list of {uid, address, postcode, current, since, until}), cms_ids (list)
UNWIND $uids AS wanted
MATCH (p:Person {uid: wanted})
OPTIONAL MATCH (p)-[lv:LIVES_AT]->(h:Household)
WITH p, collect(CASE WHEN h IS NULL THEN null ELSE
  {uid: h.uid, address: h.address, postcode: h.postcode, current: lv.current, since: lv.since,
   until: lv.until} END) AS homes
OPTIONAL MATCH (p)-[rec:RECORDED_IN]->(s:Source {service_type: 'social_care'})
RETURN p {.uid, .given_name, .family_name, .dob, .gender, .postcode, .authority, .authorities} AS person,
       homes, collect(rec.record_id) AS cms_ids
