// Purpose: every source record already resolved to a person, with the record's own identity and the
//   person's current properties, so a load can match new records against everything known.
// Parameters: none
// Returns: uid, person (map of the Person's properties), source, record_id, given_name, family_name,
//   dob, postcode, nhs_number, other_names, gender, address, upn, dob_raw (a date of birth that is not
//   a real date, as written), unborn, unnamed
MATCH (p:Person)-[rec:RECORDED_IN]->(s:Source)
RETURN p.uid AS uid, properties(p) AS person, s.uid AS source, rec.record_id AS record_id,
       rec.given_name AS given_name, rec.family_name AS family_name, rec.dob AS dob,
       rec.postcode AS postcode, rec.nhs_number AS nhs_number, rec.other_names AS other_names,
       rec.gender AS gender, rec.address AS address, rec.upn AS upn, rec.dob_raw AS dob_raw,
       rec.unborn AS unborn, rec.unnamed AS unnamed
