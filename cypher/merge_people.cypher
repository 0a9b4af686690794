// Purpose: write resolved people and, for each source record, the RECORDED_IN link that says which
//   source stated it, the record's own identity (with the raw text of fields flagged and which fields
//   those were), the hash of what its row said (delta loads) and how sure the match was.
//   A person met again keeps their values; blanks are filled, a different family name is kept as an
//   other name, and the source's authority joins the person's authorities. A person known only as
//   unborn or unnamed takes the name a record gives once it has one. A record stated again is held
//   again (no_longer_held_since cleared).
//   With the person, in the same query (so a load killed between two writes cannot keep one without
//   the other), the record's entry in the matcher's index (MatchRecord) and the possible matches it
//   raised: POSSIBLE_MATCH links to earlier people (a re-run finds the record seen before and would
//   not score it again). A key the record no longer has is unlinked (and deleted once no record holds
//   it); a key that may now be held by fewer people (one the record left, or every key of a record
//   that now names another person) loses its lower bound of people (MatchKey.people_min), and the
//   clearing is counted (MatchKey.cleared: a bound counted before this write is not written after it).
//   The rows are grouped (collect, DISTINCT) by the few values still needed, never by the whole row
//   map: grouping by the row cost a fifth of this query's time on FalkorDB (docs/performance.md).
//   Likewise the row map is carried through one WITH only, and the person's values are taken out of
//   it once (FalkorDB copies a map at each WITH and at each r.props.x; together an eighth of its time).
//   A row whose source is not in the graph writes nothing (merge_sources is written first).
//   A source's shield (shield: {shielded, shield_reason, shield_review, shield_source}, or an empty
//   map) is set on the person and never lifted by a load.
// Parameters: $rows: list of {uid, source, record_id, authority, props: {given_name, family_name, dob,
//   gender, nhs_number, upn, postcode, authority, given_key, family_key, other_names, unborn, unnamed,
//   due_date, dob_raw, postcode_raw, nhs_number_raw, upn_raw, gender_raw},
//   record: {extract_date, hash, flagged, unborn, unnamed, score, reasons, given_name, family_name, dob,
//   postcode, nhs_number, gender, other_names, address, upn, dob_raw, postcode_raw, nhs_number_raw,
//   match_weight, ... (loaders/match/stored.py)},
//   match: {uid, keys, features, version}: the record as the matcher reads it (its MatchRecord,
//   loaders/match/graph_index.py),
//   shield, possible: list of {b (the other person's uid), source, props (weight, explanation)}}
// Returns: nothing
UNWIND $rows AS r
MATCH (s:Source {uid: r.source})
WITH r, s, r.props AS props
MERGE (p:Person {uid: r.uid})
ON CREATE SET p += props, p.authorities = [r.authority]
ON MATCH SET
  p.given_name = CASE WHEN (p.unborn = 'yes' OR p.unnamed = 'yes') AND props.unborn IS NULL
                           AND props.unnamed IS NULL THEN props.given_name
                      ELSE coalesce(p.given_name, props.given_name) END,
  p.given_key = CASE WHEN (p.unborn = 'yes' OR p.unnamed = 'yes') AND props.unborn IS NULL
                          AND props.unnamed IS NULL THEN props.given_key
                     ELSE coalesce(p.given_key, props.given_key) END,
  p.unborn = CASE WHEN props.unborn IS NULL AND props.unnamed IS NULL THEN null ELSE p.unborn END,
  p.unnamed = CASE WHEN props.unborn IS NULL AND props.unnamed IS NULL THEN null ELSE p.unnamed END,
  p.family_key = coalesce(p.family_key, props.family_key),
  p.dob = coalesce(p.dob, props.dob),
  p.dob_raw = CASE WHEN coalesce(p.dob, props.dob) IS NULL THEN coalesce(p.dob_raw, props.dob_raw)
                   ELSE null END,
  p.due_date = coalesce(p.due_date, props.due_date),
  p.gender = coalesce(p.gender, props.gender),
  p.nhs_number = coalesce(p.nhs_number, props.nhs_number),
  p.upn = coalesce(p.upn, props.upn),
  p.postcode = coalesce(p.postcode, props.postcode),
  p.authorities = CASE WHEN r.authority IN p.authorities THEN p.authorities
                       ELSE p.authorities + r.authority END,
  p.other_names = CASE
    WHEN props.family_name IS NULL OR p.family_name IS NULL THEN p.other_names
    WHEN props.family_name = p.family_name THEN p.other_names
    WHEN p.other_names IS NULL THEN props.family_name
    WHEN p.other_names CONTAINS props.family_name THEN p.other_names
    ELSE p.other_names + ', ' + props.family_name END,
  p.family_name = coalesce(p.family_name, props.family_name)
SET p += r.shield
MERGE (p)-[rec:RECORDED_IN {record_id: r.record_id}]->(s)
SET rec += r.record, rec.no_longer_held_since = null
MERGE (mr:MatchRecord {uid: r.match.uid})
WITH p, mr, mr.person AS was, r.match AS match, r.source AS source, r.record_id AS record_id,
     r.possible AS possible
SET mr.person = p.uid, mr.source = source, mr.record_id = record_id, mr.keys = match.keys,
    mr.features = match.features, mr.version = match.version
WITH p, possible, match.keys AS keys, mr, was
OPTIONAL MATCH (k:MatchKey)-[link:KEYS]->(mr)
WITH p, possible, keys, mr, k, link, NOT k.uid IN keys AS left, was IS NOT NULL AND was <> p.uid AS moved
FOREACH (x IN CASE WHEN k IS NOT NULL AND (left OR moved) THEN [k] ELSE [] END |
  SET x.people_min = null, x.cleared = coalesce(x.cleared, 0) + 1)
FOREACH (x IN CASE WHEN left THEN [link] ELSE [] END | DELETE x)
WITH p, possible, keys, mr, collect(CASE WHEN left THEN k END) AS gone
FOREACH (k IN keys | MERGE (mk:MatchKey {uid: k}) MERGE (mk)-[:KEYS]->(mr))
WITH p, possible, gone
UNWIND CASE WHEN size(gone) = 0 THEN [null] ELSE gone END AS g
OPTIONAL MATCH (g)-[still:KEYS]->()
WITH p, possible, g, count(still) AS holders
FOREACH (x IN CASE WHEN g IS NOT NULL AND holders = 0 THEN [g] ELSE [] END | DELETE x)
WITH DISTINCT p, possible
UNWIND possible AS m
MATCH (b:Person {uid: m.b})
MERGE (p)-[x:POSSIBLE_MATCH]->(b)
ON CREATE SET x.sources = [m.source]
ON MATCH SET x.sources = CASE WHEN m.source IN x.sources THEN x.sources ELSE x.sources + m.source END
SET x += m.props
