// Title: Households with the most children
// Description: Addresses where the most children under 18 currently live, with the children themselves; useful for planning visits and spotting crowded or unregistered households.
// Parameters: $today (date, default today), $top (integer, default 20)
// Returns: household (node), address, children_count, children (nodes), residences (relationships)
MATCH (child:Person)-[lives:LIVES_AT]->(h:Household)
WHERE child.dob IS NOT NULL
  AND date(child.dob) > date($today) - duration({years: 18})
  AND (lives.current IS NULL OR lives.current = 'yes')
WITH h, collect(child) AS children, collect(lives) AS residences
RETURN h AS household, h.address AS address, size(children) AS children_count, children, residences
ORDER BY children_count DESC, address
LIMIT $top
