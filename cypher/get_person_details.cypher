// Purpose: everything the details panel shows about one person: involvements with service, lead
//   practitioners, service-specific facts (for the disclosure rules) and source, households, relationships (with the other person's name), the source
//   records the person was resolved from (with match score, reasons and the match model's explanation:
//   match_weight, prior_weight and per comparison its level and weight, for the waterfall; possible
//   matches carry the same), fields flagged and whether the source still holds them:
//   no_longer_held_since), and their authorities' names.
//   Involvements are collected first, while the grouping keys are still plain nodes (faster).
// Parameters: uid
// Returns: person (map), households, relationships, involvements, records, authority_names
MATCH (p:Person {uid: $uid})
OPTIONAL MATCH (p)-[:INVOLVED_IN]->(i:Involvement)-[:WITH_SERVICE]->(s:Service)
OPTIONAL MATCH (i)-[:LED_BY]->(pr:Practitioner)
OPTIONAL MATCH (i)-[rec:RECORDED_IN]->(src:Source)
WITH p, i, s, src, rec, collect(pr {.name, .role, .team, .phone, .email}) AS practitioners
OPTIONAL MATCH (i)-[:HAS_FACT]->(f:Fact)
WITH p, i, s, src, rec, practitioners, collect(f {.kind, .label, .value, .date, .detail}) AS facts
WITH p, collect(CASE WHEN i IS NULL THEN null ELSE
  {uid: i.uid, status: i.status, team: i.team, start: i.start, end: i.end, last_contact: i.last_contact,
   reason: i.reason, record_id: rec.record_id, no_longer_held_since: i.no_longer_held_since,
   flagged: i.flagged, status_raw: i.status_raw,
   service: s {.uid, .name, .service_type, .agency, .authority},
   practitioners: practitioners, facts: facts,
   source: src {.uid, .name, .service_type, .current_as_of, .extract_date, .coverage_start, .coverage_end,
                .coverage_area, .refresh_days}}
  END) AS involvements
OPTIONAL MATCH (p)-[lv:LIVES_AT]->(h:Household)
WITH p, involvements, collect(CASE WHEN h IS NULL THEN null ELSE
  {uid: h.uid, address: h.address, postcode: h.postcode, authority: h.authority,
   current: lv.current, since: lv.since, until: lv.until, sources: lv.sources} END) AS households
OPTIONAL MATCH (p)-[r:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH]-(q:Person)
WITH p, involvements, households, collect(CASE WHEN r IS NULL THEN null ELSE
  {type: type(r), outgoing: startNode(r) = p, since: r.since, until: r.until, detail: r.detail,
   sources: r.sources, score: r.score, reasons: r.reasons, match_weight: r.match_weight,
   prior_weight: r.prior_weight, comparison_names: r.comparison_names,
   comparison_levels: r.comparison_levels, comparison_weights: r.comparison_weights,
   comparison_tf_weights: r.comparison_tf_weights, decided_by: r.decided_by, decision: r.decision,
   other: q {.uid, .given_name, .family_name, .dob, .authority, .authorities}} END) AS relationships
OPTIONAL MATCH (p)-[prec:RECORDED_IN]->(ps:Source)
WITH p, involvements, households, relationships, collect(CASE WHEN ps IS NULL THEN null ELSE
  {source: ps.uid, record_id: prec.record_id, extract_date: prec.extract_date, score: prec.score,
   reasons: prec.reasons, no_longer_held_since: prec.no_longer_held_since, flagged: prec.flagged,
   dob_raw: prec.dob_raw, unborn: prec.unborn, unnamed: prec.unnamed,
   match_weight: prec.match_weight, prior_weight: prec.prior_weight,
   comparison_names: prec.comparison_names, comparison_levels: prec.comparison_levels,
   comparison_weights: prec.comparison_weights, comparison_tf_weights: prec.comparison_tf_weights,
   decided_by: prec.decided_by, matched_source: prec.matched_source,
   matched_record_id: prec.matched_record_id} END) AS records
OPTIONAL MATCH (a:Authority)
WHERE a.code IN coalesce(p.authorities, []) OR a.code = p.authority
RETURN p {.*} AS person, households, relationships, involvements, records,
       collect(a {.code, .name}) AS authority_names
