// Purpose: what access control needs to know about one person before anything about them is shown:
//   which authorities' sources know them (a worker of another authority is refused).
// Parameters: $id: the person's uid
// Returns: id, authority, authorities (no row when there is no such person)
MATCH (p:Person {uid: $id})
RETURN p.uid AS id, p.authority AS authority, p.authorities AS authorities
