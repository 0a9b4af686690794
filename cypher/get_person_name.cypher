// Purpose: the name and date of birth of one person, for the reason form ("Why are you opening the
//   family of Jaden Smith (11)?"), asked only after the gate has allowed the worker to open them.
// Parameters: uid
// Returns: given_name, family_name, dob (no row when there is no such person)
MATCH (p:Person {uid: $uid})
RETURN p.given_name AS given_name, p.family_name AS family_name, p.dob AS dob
