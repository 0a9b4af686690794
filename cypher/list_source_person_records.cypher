// Purpose: the identity each person record of one source stated, with the person it resolved to, so
//   the matcher's index entries of that source can be written again (loaders/match/graph_index.py).
// Parameters: source (the source's uid)
// Returns: uid, record_id, given_name, family_name, dob, postcode, nhs_number, other_names, gender,
//   address, upn, dob_raw, unborn, unnamed
MATCH (p:Person)-[rec:RECORDED_IN]->(s:Source {uid: $source})
RETURN p.uid AS uid, rec.record_id AS record_id, rec.given_name AS given_name,
       rec.family_name AS family_name, rec.dob AS dob, rec.postcode AS postcode,
       rec.nhs_number AS nhs_number, rec.other_names AS other_names, rec.gender AS gender,
       rec.address AS address, rec.upn AS upn, rec.dob_raw AS dob_raw, rec.unborn AS unborn,
       rec.unnamed AS unnamed
