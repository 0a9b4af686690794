// Purpose: write resolved people and, for each source record, the RECORDED_IN link that says which
//   source stated it, the record's own identity and how sure the match was (score and reasons).
//   A person met again keeps their values; blanks are filled, a different family name is kept as an
//   other name, and the source's authority joins the person's authorities.
//   With the person, in the same query (so a load killed between two writes cannot keep one without
//   the other), the possible matches its record raised: POSSIBLE_MATCH links to earlier people.
// Parameters: $rows: list of {uid, source, record_id, authority, props: {given_name, family_name, dob,
//   gender, nhs_number, upn, postcode, authority, given_key, family_key, other_names},
//   record: {extract_date, score, reasons, given_name, family_name, dob, postcode, nhs_number, gender,
//   other_names, address, upn, match_weight, ... (loaders/match/stored.py)},
//   possible: list of {b, source, props} (as merge_possible_matches takes them), or null}
// Returns: nothing
UNWIND $rows AS r
MERGE (p:Person {uid: r.uid})
ON CREATE SET p += r.props, p.authorities = [r.authority]
ON MATCH SET
  p.dob = coalesce(p.dob, r.props.dob),
  p.gender = coalesce(p.gender, r.props.gender),
  p.nhs_number = coalesce(p.nhs_number, r.props.nhs_number),
  p.upn = coalesce(p.upn, r.props.upn),
  p.postcode = coalesce(p.postcode, r.props.postcode),
  p.authorities = CASE WHEN r.authority IN p.authorities THEN p.authorities
                       ELSE p.authorities + r.authority END,
  p.other_names = CASE
    WHEN r.props.family_name = p.family_name THEN p.other_names
    WHEN p.other_names IS NULL THEN r.props.family_name
    WHEN p.other_names CONTAINS r.props.family_name THEN p.other_names
    ELSE p.other_names + ', ' + r.props.family_name END
WITH p, r
MATCH (s:Source {uid: r.source})
MERGE (p)-[rec:RECORDED_IN {record_id: r.record_id}]->(s)
SET rec += r.record
WITH p, r
UNWIND r.possible AS m
MATCH (b:Person {uid: m.b})
MERGE (p)-[x:POSSIBLE_MATCH]->(b)
ON CREATE SET x.sources = [m.source]
ON MATCH SET x.sources = CASE WHEN m.source IN x.sources THEN x.sources ELSE x.sources + m.source END
SET x += m.props
