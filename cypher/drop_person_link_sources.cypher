// Purpose: take sources off a person's links (a household, a family link, a possible match) after a
//   merge or split gave those sources' statements to another person; a link no source states goes.
// Parameters: $rows: list of {person, type, other, sources}
// Returns: nothing
UNWIND $rows AS r
MATCH (p:Person {uid: r.person})-[l]-(x)
WHERE type(l) = r.type AND x.uid = r.other
SET l.sources = [s IN coalesce(l.sources, []) WHERE NOT s IN r.sources]
WITH l
WHERE size(l.sources) = 0
DELETE l
