// Purpose: one person's involvements with one source, loaded only when the worker opens that service:
//   dates, team, lead practitioners and their contact details, and the service-specific facts.
// Parameters: uid (the person's uid), source (the source's uid)
// Returns: person (map), involvements (each with service, source, practitioners, facts)
MATCH (p:Person {uid: $uid})
OPTIONAL MATCH (p)-[:INVOLVED_IN]->(i:Involvement)-[rec:RECORDED_IN]->(src:Source {uid: $source})
OPTIONAL MATCH (i)-[:WITH_SERVICE]->(s:Service)
OPTIONAL MATCH (i)-[:LED_BY]->(pr:Practitioner)
WITH p, i, rec, src, s, collect(pr {.name, .role, .team, .phone, .email, .flagged}) AS practitioners
OPTIONAL MATCH (i)-[:HAS_FACT]->(f:Fact)
WITH p, i, rec, src, s, practitioners, collect(f {.kind, .label, .value, .date, .detail, .source, .extract_date}) AS facts
RETURN p {.uid, .given_name, .family_name, .dob, .authority, .authorities} AS person,
       collect(CASE WHEN i IS NULL THEN null ELSE
         {uid: i.uid, status: i.status, team: i.team, start: i.start, end: i.end, last_contact: i.last_contact,
          reason: i.reason, record_id: rec.record_id, no_longer_held_since: i.no_longer_held_since,
          flagged: i.flagged, status_raw: i.status_raw,
          service: s {.uid, .name, .service_type, .agency, .authority},
          practitioners: practitioners, facts: facts,
          source: src {.uid, .name, .service_type, .current_as_of, .extract_date, .coverage_start,
                       .coverage_end, .coverage_area, .refresh_days}} END) AS involvements
