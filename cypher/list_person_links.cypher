// Purpose: every relationship a person has (with the node at the other end), so a merge or a split
//   can move them: family links, households, involvements, source records, possible matches.
// Parameters: uid
// Returns: type, outgoing (true when the person is the start), other (uid of the other end), props,
//   authority (of the other end, e.g. a source's)
MATCH (p:Person {uid: $uid})-[r]-(x)
RETURN type(r) AS type, startNode(r) = p AS outgoing, coalesce(x.uid, x.code) AS other,
       properties(r) AS props, x.authority AS authority
