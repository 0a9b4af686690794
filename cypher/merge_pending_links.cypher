// Purpose: keep the rows of an involvement (or address, relationship) that names people by another
//   source's ids not loaded yet, so that a later load writes them when those people arrive: the
//   loading order of a person index and the files that refer to it does not matter.
// Parameters: $rows: list of {uid, props: {source, person_source, waiting, hash, extract_date, rows}}
//   (waiting: the ids it needs; rows: the writes, as JSON text)
// Returns: nothing
UNWIND $rows AS r
MERGE (pl:PendingLink {uid: r.uid})
SET pl += r.props
