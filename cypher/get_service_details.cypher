// Purpose: one service as the details panel shows it, with this family's involvements in it
//   (lead practitioners and last contact), for the people currently on screen. It starts from the
//   people, not the service, so a service with many clients costs no more than a small one.
// Parameters: uid (the service's uid), people (list of person uids on screen)
// Returns: service (map), authority_name, involvements (with facts, for the disclosure rules)
MATCH (s:Service {uid: $uid})
OPTIONAL MATCH (s)-[:IN_AUTHORITY]->(a:Authority)
WITH s, a
UNWIND CASE WHEN size($people) = 0 THEN [null] ELSE $people END AS person_uid
OPTIONAL MATCH (p:Person {uid: person_uid})-[:INVOLVED_IN]->(i:Involvement)-[:WITH_SERVICE]->(s)
OPTIONAL MATCH (i)-[:LED_BY]->(pr:Practitioner)
OPTIONAL MATCH (i)-[:RECORDED_IN]->(src:Source)
WITH s, a, p, i, src, collect(pr {.name, .role, .team, .phone, .email}) AS practitioners
OPTIONAL MATCH (i)-[:HAS_FACT]->(f:Fact)
WITH s, a, p, i, src, practitioners, collect(f {.kind, .label, .value, .date, .detail}) AS facts
RETURN s {.*} AS service, a.name AS authority_name,
       collect(CASE WHEN i IS NULL THEN null ELSE
         {uid: i.uid, status: i.status, team: i.team, start: i.start, end: i.end,
          last_contact: i.last_contact, reason: i.reason,
          person: p {.uid, .given_name, .family_name, .dob},
          practitioners: practitioners, facts: facts,
          source: src {.uid, .name, .service_type, .current_as_of, .extract_date, .coverage_start,
                       .coverage_end, .coverage_area, .refresh_days}} END) AS involvements
