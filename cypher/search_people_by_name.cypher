// Purpose: search candidates whose names sound like the typed names (Metaphone keys). The first part
//   finds people whose given AND family names both sound like typed names, so a common surname
//   cannot crowd the right person out of the limited lists of the other two parts.
// Parameters: keys (list of upper-case Metaphone codes), limit
// Returns: person (map), authority_name, record_id (null), source_name (null)
MATCH (p:Person)
WHERE p.family_key IN $keys AND p.given_key IN $keys
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, null AS record_id, null AS source_name
LIMIT $limit
UNION
MATCH (p:Person)
WHERE p.family_key IN $keys
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, null AS record_id, null AS source_name
LIMIT $limit
UNION
MATCH (p:Person)
WHERE p.given_key IN $keys
OPTIONAL MATCH (a:Authority {code: p.authority})
RETURN p {.uid, .given_name, .family_name, .other_names, .dob, .postcode, .authority, .authorities, .nhs_number,
         .upn} AS person,
       a.name AS authority_name, null AS record_id, null AS source_name
LIMIT $limit
