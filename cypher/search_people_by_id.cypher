// Purpose: search a person by an identifier: a source's record id, an NHS number, or familynet's own uid.
// Parameters: ident, limit
// Returns: person (map), authority_name, record_id, source_name
MATCH (p:Person)-[r:RECORDED_IN]->(s:Source)
WHERE r.record_id = $ident
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, r.record_id AS record_id, s.name AS source_name
LIMIT $limit
UNION
MATCH (p:Person {nhs_number: $ident})
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, null AS record_id, null AS source_name
LIMIT $limit
UNION
MATCH (p:Person {uid: $ident})
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, null AS record_id, null AS source_name
LIMIT $limit
