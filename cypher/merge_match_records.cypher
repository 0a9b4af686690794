// Purpose: write the matcher's index entries of source records again (a source indexed under an
//   older version of the features or keys, or before there was an index): loaders/match/graph_index.py.
// Parameters: $rows: list of {uid, person, source, record_id, keys, features, version}
// Returns: nothing
UNWIND $rows AS r
MERGE (m:MatchRecord {uid: r.uid})
SET m.person = r.person, m.source = r.source, m.record_id = r.record_id, m.keys = r.keys,
    m.features = r.features, m.version = r.version
