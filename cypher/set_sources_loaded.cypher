// Purpose: end a load in one statement, so that a load killed at any point leaves all of it or none:
//   keep on each source the files its completed loads read (mapping file name, the digest of the
//   extract with its mapping, rows read and quarantined, the rows' hashes, as JSON texts; files null:
//   unchanged), so that the next load skips what has not changed, and clear its loading mark.
// Parameters: $rows: list of {uid (the source's uid), files (list of JSON texts, or null)}
// Returns: nothing
UNWIND $rows AS r
MATCH (s:Source {uid: r.uid})
SET s.loaded_files = coalesce(r.files, s.loaded_files), s.loading = null
