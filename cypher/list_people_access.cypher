// Purpose: what access control needs to know about several people at once (get_person_access for a
//   list): which authorities' sources know each, read once per request for a whole family or panel.
// Parameters: $ids: list of person uids
// Returns: id, authority, authorities (one row per person found; unknown people have none)
UNWIND $ids AS wanted
MATCH (p:Person {uid: wanted})
RETURN p.uid AS id, p.authority AS authority, p.authorities AS authorities
