// Purpose: the family links among the people of a family picture, each with the source's own
//   wording (detail: "half-sibling", "stepfather", "foster carer"), so the genogram can draw step-,
//   half- and foster links in their own styles. get_family_network gives the links without it.
// Parameters: uids (list of person uids on the picture)
// Returns: one row per link: type, start, end, detail, since, until, score, decided_by (a possible
//   match proposed by a rule rather than by its score: "shared_child")
UNWIND $uids AS wanted
MATCH (a:Person {uid: wanted})-[r:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF|POSSIBLE_MATCH]->(b:Person)
WHERE b.uid IN $uids
RETURN type(r) AS type, a.uid AS start, b.uid AS end, r.detail AS detail, r.since AS since,
       r.until AS until, r.score AS score, r.decided_by AS decided_by
ORDER BY type, start, end
