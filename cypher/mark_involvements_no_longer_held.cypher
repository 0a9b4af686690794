// Purpose: a full extract that no longer lists an involvement: the involvement and its facts are kept
//   (history is never deleted) and marked as no longer held by its source since that extract's date.
// Parameters: $rows: list of {uid (the involvement's), source, since}
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Involvement {uid: r.uid})-[rec:RECORDED_IN]->(s:Source {uid: r.source})
SET rec.no_longer_held_since = r.since, i.no_longer_held_since = r.since
