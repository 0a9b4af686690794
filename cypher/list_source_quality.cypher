// Purpose: per source, the counts the data-quality report needs: records and people, how many records
//   carry a name, DOB, postcode and gender (as the source gave them), how many people it gave an address,
//   its involvements and how many of its people have a current or any involvement, plus the DOB layout
//   counts kept at load time, its coverage, extract date and expected refresh.
// Parameters: source (a source uid, or null for every source)
// Returns: source (map), records, people, with_name, with_dob, with_postcode, with_gender, with_address,
//   involvements, people_current, people_involved
MATCH (s:Source)
WHERE $source IS NULL OR s.uid = $source
OPTIONAL MATCH (p:Person)-[rec:RECORDED_IN]->(s)
WITH s, count(rec) AS records, count(DISTINCT p) AS people,
     sum(CASE WHEN coalesce(rec.given_name, '') <> '' AND coalesce(rec.family_name, '') <> '' THEN 1 ELSE 0 END)
       AS with_name,
     sum(CASE WHEN coalesce(rec.dob, '') <> '' THEN 1 ELSE 0 END) AS with_dob,
     sum(CASE WHEN coalesce(rec.postcode, '') <> '' THEN 1 ELSE 0 END) AS with_postcode,
     sum(CASE WHEN coalesce(rec.gender, '') <> '' THEN 1 ELSE 0 END) AS with_gender
OPTIONAL MATCH (hp:Person)-[lv:LIVES_AT]->(:Household)
WHERE s.uid IN lv.sources
WITH s, records, people, with_name, with_dob, with_postcode, with_gender, count(DISTINCT hp) AS with_address
OPTIONAL MATCH (ip:Person)-[:INVOLVED_IN]->(i:Involvement)-[:RECORDED_IN]->(s)
RETURN s {.uid, .name, .service_type, .authority, .extract_date, .coverage_start, .coverage_end, .coverage_area,
          .refresh_days, .dob_values, .dob_main_format, .dob_in_main_format} AS source,
       records, people, with_name, with_dob, with_postcode, with_gender, with_address,
       count(DISTINCT i) AS involvements,
       count(DISTINCT CASE WHEN i.status = 'current' THEN ip END) AS people_current,
       count(DISTINCT ip) AS people_involved
ORDER BY source.name
