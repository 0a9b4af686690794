// Purpose: who one access reason covers: everyone within three family links or possible matches of
//   the person it was given for (the widest family page), so that within one family a worker is not
//   asked again at every relative (app/shell/gate.py, reason_for).
// Parameters: uid (the person the reason was given for)
// Returns: uids (list of person uids; the person themself is not in it; no row when they are unknown)
MATCH (focus:Person {uid: $uid})
OPTIONAL MATCH (focus)-[:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH*1..3]-(other:Person)
RETURN collect(DISTINCT other.uid) AS uids
