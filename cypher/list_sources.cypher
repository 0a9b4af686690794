// Purpose: every loaded source, what it covers and how often a new extract is expected, so the explorer
//   can say "no record", "not covered" or "stale", with its register entry (agreement, lawful basis,
//   DPIA, data owner, retention, permitted purposes).
// Parameters: none
// Returns: source (map), authority_name
MATCH (s:Source)
OPTIONAL MATCH (s)-[:IN_AUTHORITY]->(a:Authority)
RETURN s {.uid, .name, .agency, .service_type, .authority, .extract_date, .current_as_of, .coverage_start,
          .coverage_end, .coverage_area, .coverage_note, .refresh_days, .agreement, .agreement_review,
          .lawful_basis, .dpia, .data_owner, .retention_months, .purposes} AS source,
       a.name AS authority_name
ORDER BY s.name
