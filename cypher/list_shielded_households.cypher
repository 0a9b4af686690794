// Purpose: the addresses shielded on their own: those a source's column shields, and those an
//   administrator shielded (household uids from the governance database).
// Parameters: uids (list of household uids shielded by an administrator; may be empty)
// Returns: uid, address, postcode, reason, review, source
MATCH (h:Household {shielded: 'yes'})
RETURN h.uid AS uid, h.address AS address, h.postcode AS postcode, h.shield_reason AS reason,
       h.shield_review AS review, h.shield_source AS source
UNION
UNWIND $uids AS wanted
MATCH (h:Household {uid: wanted})
RETURN h.uid AS uid, h.address AS address, h.postcode AS postcode, h.shield_reason AS reason,
       h.shield_review AS review, h.shield_source AS source
