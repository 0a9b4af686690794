// Purpose: create or re-state a person's merged identity (after a reviewer's merge or split), from
//   the source records the person now holds; a property set to null is removed.
// Parameters: $rows: list of {uid, props: {given_name, family_name, other_names, dob, gender,
//   nhs_number, upn, postcode, authority, authorities, given_key, family_key}}
// Returns: nothing
UNWIND $rows AS r
MERGE (p:Person {uid: r.uid})
SET p += r.props
