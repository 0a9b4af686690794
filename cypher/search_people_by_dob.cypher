// Purpose: search candidates born on a given date.
// Parameters: dob (ISO date string), limit
// Returns: person (map), authority_name, record_id (null), source_name (null)
MATCH (p:Person {dob: $dob})
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, null AS record_id, null AS source_name
LIMIT $limit
