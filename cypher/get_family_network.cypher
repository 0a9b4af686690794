// Purpose: the family network around one person, in one round trip: everyone within $depth family
//   links or possible matches, with their involvements (service, lead practitioners, and the source
//   that recorded each, with its date and coverage), households, and the links between them.
//   Involvements are collected first, while the grouping keys are still plain nodes (faster).
// Parameters: uid (the focus person's uid), depth (1 to 3)
// Returns: one row per person: person (map), households, involvements, links
MATCH (focus:Person {uid: $uid})
OPTIONAL MATCH path = (focus)-[:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH*1..3]-(other:Person)
WHERE length(path) <= $depth
WITH focus, collect(DISTINCT other) AS others
UNWIND [focus] + others AS p
WITH DISTINCT p
OPTIONAL MATCH (p)-[:INVOLVED_IN]->(i:Involvement)-[:WITH_SERVICE]->(s:Service)
OPTIONAL MATCH (i)-[:LED_BY]->(pr:Practitioner)
OPTIONAL MATCH (i)-[:RECORDED_IN]->(src:Source)
WITH p, i, s, src, collect(pr {.name, .role, .team, .phone, .email}) AS practitioners
OPTIONAL MATCH (i)-[:HAS_FACT]->(f:Fact)
WITH p, i, s, src, practitioners, collect(f {.kind, .value, .date, .detail}) AS facts
WITH p, collect(CASE WHEN i IS NULL THEN null ELSE
  {uid: i.uid, status: i.status, team: i.team, start: i.start, end: i.end, last_contact: i.last_contact,
   service: s {.uid, .name, .service_type, .agency},
   practitioners: practitioners, facts: facts,
   source: src {.uid, .name, .service_type, .current_as_of, .extract_date, .coverage_start, .coverage_end,
                .coverage_area, .refresh_days}}
  END) AS involvements
OPTIONAL MATCH (p)-[lv:LIVES_AT]->(h:Household)
WITH p, involvements, collect(CASE WHEN h IS NULL THEN null ELSE
  {uid: h.uid, address: h.address, postcode: h.postcode, authority: h.authority,
   current: lv.current, since: lv.since, until: lv.until} END) AS households
OPTIONAL MATCH (p)-[r:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH]-(:Person)
RETURN p {.uid, .given_name, .family_name, .dob, .gender, .postcode, .authority, .authorities} AS person,
       households, involvements, collect(CASE WHEN r IS NULL THEN null ELSE
  {type: type(r), start: startNode(r).uid, end: endNode(r).uid, since: r.since, until: r.until,
   score: r.score, reasons: r.reasons, match_weight: r.match_weight, prior_weight: r.prior_weight,
   comparison_names: r.comparison_names, comparison_levels: r.comparison_levels,
   comparison_weights: r.comparison_weights, decided_by: r.decided_by} END) AS links
