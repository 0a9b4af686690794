// Purpose: pairs of people with the same given name and date of birth who are each recorded as a
//   parent of the same child, or of two siblings, and are not yet linked as a possible match (nor
//   judged by a reviewer): most often one parent recorded by two agencies under two family names (a
//   partner's surname) and two addresses, which the match model alone weighs as different people.
//   Proposed for review only.
// Parameters: none
// Returns: one row per pair: a, b (person maps), children (the children's names: one, or two siblings),
//   source (a source of b)
MATCH (a:Person)-[:PARENT_OF]->(c:Person)-[:SIBLING_OF*0..1]-(d:Person)<-[:PARENT_OF]-(b:Person)
WHERE a.uid < b.uid AND a.dob IS NOT NULL AND a.dob = b.dob AND a.given_key IS NOT NULL
  AND a.given_key = b.given_key
OPTIONAL MATCH (a)-[m:POSSIBLE_MATCH]-(b)
WITH a, b, c, d, m
WHERE m IS NULL
MATCH (b)-[:RECORDED_IN]->(s:Source)
WITH a, b, min(c.given_name + ' ' + c.family_name) AS first, min(d.given_name + ' ' + d.family_name) AS second,
     min(s.uid) AS source
RETURN a {.uid, .given_name, .family_name, .dob, .postcode, .gender, .other_names} AS a,
       b {.uid, .given_name, .family_name, .dob, .postcode, .gender, .other_names} AS b,
       CASE WHEN first = second THEN [first] ELSE [first, second] END AS children, source
ORDER BY a.uid, b.uid
